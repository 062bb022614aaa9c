import type { Page } from '@playwright/test';
import path from 'node:path';
import { REPO_ROOT } from './backend.ts';

/** Where the e2e screenshots go, for a person to look at after a run. */
const SHOTS = path.join(REPO_ROOT, 'test-results', 'screenshots');

/** Saves what `page` shows now as `<name>.png` among the run's screenshots. */
export async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}
