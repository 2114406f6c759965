import { afterEach, describe, expect, it, vi } from 'vitest';
import { newId } from '../../src/ladder/context.js';

// Record ids are time-ordered (new rows append at the right edge of the primary-key btrees),
// unique within the process, and keep the old shape: prefix, underscore, 20 hex digits.

afterEach(() => vi.restoreAllMocks());

describe('newId', () => {
  it('makes unique ids that sort in creation order, within and across milliseconds', () => {
    const ids = Array.from({ length: 50_000 }, () => newId('m'));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids) expect(id).toMatch(/^m_[0-9a-f]{20}$/);
  });

  it('never goes backwards when the clock does', () => {
    const first = newId('p');
    const now = vi.spyOn(Date, 'now').mockReturnValue(Date.now() - 60_000);
    const later = [newId('p'), newId('p')];
    now.mockRestore();
    expect([first, ...later].sort()).toEqual([first, ...later]);
    expect(new Set([first, ...later]).size).toBe(3);
  });

  it('starts each millisecond at a random point, so two processes rarely meet', () => {
    const now = vi.spyOn(Date, 'now');
    const starts = new Set<string>();
    for (let ms = 0; ms < 20; ms += 1) {
      now.mockReturnValue(4_000_000_000_000 + ms * 7);
      starts.add(newId('q').slice(-9));
    }
    expect(starts.size).toBe(20);
  });
});
