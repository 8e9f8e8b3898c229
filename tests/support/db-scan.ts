// "Is this secret anywhere in the database in clear?" Scans every row of every
// table in the public schema as JSON text.
import type { RawDb } from '@/lib/db/raw';

export async function tablesContaining(raw: RawDb, needle: string): Promise<string[]> {
  const tables = await raw.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  const hits: string[] = [];
  for (const { table_name } of tables) {
    const [row] = await raw.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${table_name.replace(/"/g, '""')}" x WHERE position($1 in row_to_json(x)::text) > 0`,
      [needle],
    );
    if (row && row.n > 0) hits.push(table_name);
  }
  return hits;
}
