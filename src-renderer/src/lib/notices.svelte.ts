import { toApiError } from '../api.ts';

export interface Notice {
  id: number;
  kind: 'error' | 'info';
  message: string;
  hint?: string;
}

/** Messages for the person at the window: errors in words (with the hint), and short confirmations. */
export class Notices {
  items = $state<Notice[]>([]);
  private next = 1;

  error(error: unknown): void {
    const e = toApiError(error);
    this.push({ kind: 'error', message: e.message, hint: e.hint });
  }

  info(message: string): void {
    const id = this.push({ kind: 'info', message });
    setTimeout(() => this.dismiss(id), 5000);
  }

  dismiss(id: number): void {
    this.items = this.items.filter((n) => n.id !== id);
  }

  private push(notice: Omit<Notice, 'id'>): number {
    const id = this.next++;
    const same = this.items.find((n) => n.message === notice.message && n.kind === notice.kind);
    if (same) this.dismiss(same.id);
    this.items = [...this.items.slice(-2), { ...notice, id }];
    return id;
  }
}
