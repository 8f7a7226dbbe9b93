/**
 * Writes what is generated from the config keys' declarations (config/*Keys.ts):
 * Pulumi.yaml's `config:` block and the key reference's table in
 * docs/configuration.md. `npm run generate` after changing a declaration; a
 * test fails while either file is out of date.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import { CONFIG_KEYS } from "../config";
import { Declarations, KeyDeclaration } from "../config/declare";
import { ROOT } from "./offline/mockRuntime";

export const KEY_TABLE_START = "<!-- keys: generated from config/*Keys.ts by npm run generate -->";
export const KEY_TABLE_END = "<!-- /keys -->";

const SECRETS_NOTE = [
    "# Generated from the declarations in config/*Keys.ts (npm run generate); edit those.",
    "#",
    "# Optional secrets, set with `pulumi config set --secret KEY VALUE`, are not declared",
    "# here because the CLI requires every declared key without a default and rejects a",
    "# default on a secret key:",
];

/** Pulumi.yaml as it must be: its head as it is, then the `config:` block of the declarations. */
export function pulumiYaml(current: string, keys: Declarations): string {
    const head = current.slice(0, current.indexOf("\nconfig:") + 1);
    const declared: Record<string, object> = {};
    for (const [key, d] of Object.entries(keys)) {
        if (d.type === "secret") continue;
        const items = d.type === "array" ? { items: { type: "string" } } : {};
        declared[key] = { type: d.type, ...items, description: d.description, default: d.type === "array" ? [...d.default] : d.default };
    }
    const secrets = Object.entries(keys).filter(([, d]) => d.type === "secret");
    const width = Math.max(...secrets.map(([k]) => k.length));
    const notes = [...SECRETS_NOTE, ...secrets.map(([k, d]) => `#   ${k.padEnd(width)}  ${d.description} Default: ${d.docDefault}.`)];
    const body = stringify({ config: declared }, { lineWidth: 0 }).replace(/^config:\n/, "");
    return `${head}config:\n${notes.map((l) => `  ${l}`).join("\n")}\n${body}`;
}

function cell(d: KeyDeclaration): string {
    if (d.type === "secret" || d.docDefault !== undefined) return d.docDefault ?? "";
    if (d.type === "array") return "`[]`";
    return d.type === "string" && d.default === "" ? '`""`' : `\`${String(d.default)}\``;
}

/** The key reference's table: one row a key, in declaration order. */
export function keyTable(keys: Declarations): string {
    const rows = Object.entries(keys).map(([key, d]) => `| \`${key}\` | ${cell(d)} | ${d.doc} |`);
    return ["| key | default | meaning |", "| --- | --- | --- |", ...rows].join("\n");
}

/** docs/configuration.md with its generated table as it must be. */
export function keyReference(current: string, keys: Declarations): string {
    const start = current.indexOf(KEY_TABLE_START);
    const end = current.indexOf(KEY_TABLE_END);
    if (start < 0 || end < start) throw new Error(`docs/configuration.md lacks the markers ${KEY_TABLE_START} ... ${KEY_TABLE_END}`);
    return `${current.slice(0, start + KEY_TABLE_START.length)}\n${keyTable(keys)}\n${current.slice(end)}`;
}

function main(): void {
    const files: [string, (text: string) => string][] = [
        ["Pulumi.yaml", (t) => pulumiYaml(t, CONFIG_KEYS)],
        [path.join("docs", "configuration.md"), (t) => keyReference(t, CONFIG_KEYS)],
    ];
    for (const [file, make] of files) {
        const full = path.join(ROOT, file);
        const current = fs.readFileSync(full, "utf8");
        const wanted = make(current);
        if (wanted !== current) fs.writeFileSync(full, wanted);
        console.log(`${wanted === current ? "unchanged" : "written"}: ${file}`);
    }
}

if (require.main === module) main();
