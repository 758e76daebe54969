"use client";

/**
 * The recharts charts, loaded after the page's own script: recharts is the largest script of
 * /analytics, and the totals and tables around the charts do not wait for it.
 */
import dynamic from "next/dynamic";

const placeholder = (height: number) =>
  function ChartPlaceholder() {
    return <div className="skeleton" style={{ height }} aria-hidden="true" />;
  };

export const TimeSeriesChart = dynamic(() => import("./time-series-chart").then((m) => m.TimeSeriesChart), {
  ssr: false,
  loading: placeholder(280),
});

export const BreakdownBars = dynamic(() => import("./breakdown-bars").then((m) => m.BreakdownBars), {
  ssr: false,
  loading: placeholder(240),
});
