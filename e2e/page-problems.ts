import type { Page } from '@playwright/test';
import type { Backend } from './backend.ts';

/** Collects what a student should never meet on `page`: console errors and warnings, uncaught errors. */
export function collectProblems(page: Page, problems: string[]): void {
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      problems.push(`console ${message.type()}: ${message.text()} (${message.location().url})`);
    }
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
}

/** Calls an API method on the backend from the test itself, with the run's token. */
export async function callApi<T>(backend: Backend, method: string, params: unknown = {}): Promise<T> {
  const response = await fetch(`${backend.url}/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Lectern-Token': backend.token },
    body: JSON.stringify(params),
  });
  if (!response.ok) throw new Error(`${method}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}
