/** cli-table3 with its own colouring off: callers colour cells through the Terminal's picocolors. */
import Table from "cli-table3";

export function renderTable(head: string[], rows: string[][]): string {
  const table = new Table({ head, style: { head: [], border: [] } });
  table.push(...rows);
  return `${table.toString()}\n`;
}
