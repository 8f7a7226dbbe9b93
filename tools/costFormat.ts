/**
 * How an estimate reads: a Markdown table, its notes, and its last line,
 * which says `total: $N.NN/month` only when every item is priced; otherwise
 * that the total is incomplete, and what it leaves out.
 */
import { CostLine, Estimate } from "./costModel";
import { HOURS_PER_MONTH, tableBasis } from "./prices";

/** The last line: the total, or, with anything unpriced, that the total is incomplete and how much it lacks. */
export function lastLine(e: Estimate): string {
    if (e.unpriced.length === 0) return `total: $${e.total.toFixed(2)}/month`;
    const n = e.unpriced.length;
    return `total: incomplete, $${e.total.toFixed(2)}/month without ${n} unpriced item${n === 1 ? "" : "s"} (${e.unpriced.join("; ")})`;
}

/** The estimate as a Markdown table, then notes, then its last line: `total: $N.NN/month`. */
export function formatEstimate(stack: string, e: Estimate): string {
    const rows = e.lines.map(
        (l) =>
            `| ${l.item} | ${l.quantity} | ${l.unitPrice} | ${l.monthly === undefined ? "unpriced" : `$${l.monthly.toFixed(2)}`} | ${l.assumption ?? ""} |`,
    );
    const notes = [
        e.lines.length === 0
            ? "Nothing here is billed by AWS: the stack makes no AWS resource (a laptop's cluster)."
            : e.priceNote !== undefined
              ? e.priceNote
              : tableBasis(e.region) !== undefined
                ? `Prices: ${tableBasis(e.region)} (tools/prices.ts names each source).`
                : `Region ${e.region} is not in the price table: every item is unpriced.`,
        ...(e.unpriced.length > 0 ? [`Unpriced, and left out of the total: ${e.unpriced.join("; ")}.`] : []),
    ];
    return [
        `Monthly cost of stack ${stack} (${e.region}, ${HOURS_PER_MONTH} hours):`,
        "",
        "| item | quantity | unit price | per month | assumed |",
        "| --- | --- | --- | --- | --- |",
        ...rows,
        "",
        ...notes,
        "",
        lastLine(e),
    ].join("\n");
}

/** Line by line, what changes from `base` to `head`: added, removed and changed items, then the totals. */
export function compareEstimates(stack: string, base: Estimate, head: Estimate): string {
    const byItem = (e: Estimate) => new Map(e.lines.map((l) => [l.item, l]));
    const b = byItem(base);
    const h = byItem(head);
    const fmt = (l: CostLine | undefined) => (l === undefined ? "-" : l.monthly === undefined ? "unpriced" : `$${l.monthly.toFixed(2)}`);
    const rows: string[] = [];
    for (const item of new Set([...b.keys(), ...h.keys()])) {
        const [x, y] = [b.get(item), h.get(item)];
        if (x?.monthly === y?.monthly && x?.quantity === y?.quantity) continue;
        const change = (y?.monthly ?? 0) - (x?.monthly ?? 0);
        rows.push(`| ${item} | ${fmt(x)} | ${fmt(y)} | ${change >= 0 ? "+" : "-"}$${Math.abs(change).toFixed(2)} |`);
    }
    const delta = head.total - base.total;
    // With an unpriced item on either side, the totals' difference is not the change: say so, never a saving.
    const change =
        base.unpriced.length + head.unpriced.length > 0
            ? "the change is unknown: an item is unpriced"
            : `${delta >= 0 ? "+" : "-"}$${Math.abs(delta).toFixed(2)}`;
    return [
        `Monthly cost of stack ${stack}: $${base.total.toFixed(2)} -> $${head.total.toFixed(2)} (${change})`,
        "",
        ...(rows.length === 0 ? ["No line changes."] : ["| item | base | head | change |", "| --- | --- | --- | --- |", ...rows]),
        "",
        lastLine(head),
    ].join("\n");
}
