/** The readable message from one of our JSON error responses, whatever went wrong reading it. */
export async function apiErrorMessage(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { error?: { message?: string } };
    if (body.error?.message) return body.error.message;
  } catch {
    /* not JSON */
  }
  return `The server answered ${res.status}. Please try again.`;
}
