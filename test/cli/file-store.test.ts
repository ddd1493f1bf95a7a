import { afterAll, describe, expect, it } from 'vitest';
import { appendFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storeContract, link, at } from '../store/contract';
import { createFileStore, FILE_FORMAT, FILE_SCHEMA_VERSION } from '../../cli/file-store';
import { StoreCorruptError, StoreSchemaError } from '../../utils/store/errors';

const dirs: string[] = [];
async function freshDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'sync-state-'));
  dirs.push(d);
  return d;
}
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

storeContract('files (JSON snapshot + log)', async () => {
  const dir = await freshDir();
  return {
    open: (o) => createFileStore(dir, { onCorrupt: o?.onCorrupt }),
    // what a damaged or hand-edited file would hold
    writeRaw: (store, key, value) =>
      appendFile(join(dir, 'log.jsonl'), `${JSON.stringify({ ops: [{ op: 'put', s: store, k: key, v: value }] })}\n`),
  };
});

describe('file store: crash safety and layout', () => {
  it('a write call torn by a crash (last log line without its newline) is dropped whole on the next open', async () => {
    const dir = await freshDir();
    const s = await createFileStore(dir);
    await s.links.put(link('project', 'b1', '1'));
    s.close();
    const torn = JSON.stringify({
      ops: [
        { op: 'put', s: 'links', k: ['project', 'b2'], v: link('project', 'b2', '2') },
        { op: 'del', s: 'links', k: ['project', 'b1'] },
      ],
    });
    await appendFile(join(dir, 'log.jsonl'), torn.slice(0, torn.length - 3));
    const again = await createFileStore(dir);
    expect((await again.links.all('project')).map((l) => l.busyId)).toEqual(['b1']);
    // and the log is usable afterwards (the torn bytes were cut off, not appended to)
    await again.links.put(link('project', 'b3', '3'));
    again.close();
    const third = await createFileStore(dir);
    expect((await third.links.all('project')).map((l) => l.busyId)).toEqual(['b1', 'b3']);
    third.close();
  });

  it('the log is folded into state.json (temp file + rename) and the data survives it', async () => {
    const dir = await freshDir();
    const s = await createFileStore(dir, { compactAfterBytes: 2_000 });
    for (let i = 0; i < 30; i++) await s.links.put(link('project', `b${i}`, String(i)));
    await s.links.delete('project', 'b0');
    await s.cursors.put({ kind: 'project', side: 'tfso', at: at(3), idsAtCursor: ['29'] });
    s.close();
    expect((await stat(join(dir, 'log.jsonl'))).size).toBeLessThan(2_000);
    const snap = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8'));
    expect(snap).toMatchObject({ format: FILE_FORMAT, schema: FILE_SCHEMA_VERSION });
    const again = await createFileStore(dir);
    expect(await again.links.count('project')).toBe(29);
    expect(await again.links.get('project', 'busy', 'b0')).toBeUndefined();
    expect((await again.links.get('project', 'tfso', '29'))?.busyId).toBe('b29');
    expect((await again.cursors.get('project', 'tfso'))?.idsAtCursor).toEqual(['29']);
    again.close();
  });

  it('a log line that is not a log entry is a StoreCorruptError naming the line, not a crash', async () => {
    const dir = await freshDir();
    const s = await createFileStore(dir);
    await s.links.put(link('project', 'b1', '1'));
    s.close();
    await appendFile(join(dir, 'log.jsonl'), '{"ops": [{"op": "drop", "s": "links"}]}\n');
    const err = await createFileStore(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreCorruptError);
    expect(err).toMatchObject({ store: 'log.jsonl', key: 'line 2' });
  });

  it('state.json from a newer version, an unknown older version, or another program is refused with a StoreSchemaError', async () => {
    for (const [content, message] of [
      [{ format: FILE_FORMAT, schema: FILE_SCHEMA_VERSION + 1, stores: {} }, /newer version/],
      [{ format: FILE_FORMAT, schema: 0, stores: {} }, /no migration from schema 0/],
      [{ something: 'else' }, /not a sync-state snapshot/],
    ] as const) {
      const dir = await freshDir();
      await writeFile(join(dir, 'state.json'), JSON.stringify(content));
      const err = await createFileStore(dir).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreSchemaError);
      expect((err as Error).message).toMatch(message);
    }
  });

  it('state.json that is not JSON is a StoreCorruptError', async () => {
    const dir = await freshDir();
    await writeFile(join(dir, 'state.json'), '{"format": "busy-24so-sync-state", "sch');
    await expect(createFileStore(dir)).rejects.toBeInstanceOf(StoreCorruptError);
  });

  it('a closed store refuses further writes', async () => {
    const s = await createFileStore(await freshDir());
    s.close();
    await expect(s.links.put(link('project', 'b1', '1'))).rejects.toThrow(/closed/);
  });
});
