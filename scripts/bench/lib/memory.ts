/** Peak RSS and heap of this process, sampled every 250 ms (the emulator and PGlite run in it too). */
export class MemorySampler {
  private timer: NodeJS.Timeout | null = null;
  peakRss = 0;
  peakHeap = 0;

  start(intervalMs = 250) {
    this.peakRss = 0;
    this.peakHeap = 0;
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
    return this;
  }

  sample() {
    const m = process.memoryUsage();
    this.peakRss = Math.max(this.peakRss, m.rss);
    this.peakHeap = Math.max(this.peakHeap, m.heapUsed);
  }

  stop(): { peak_rss_mb: number; peak_heap_mb: number } {
    this.sample();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const mb = (b: number) => Math.round((b / 1048576) * 10) / 10;
    return { peak_rss_mb: mb(this.peakRss), peak_heap_mb: mb(this.peakHeap) };
  }
}
