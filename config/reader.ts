import * as pulumi from "@pulumi/pulumi";
import { checkInteger, checkOneOf } from "../components";
import { Declarations, KeyDeclaration, Values } from "./declare";

/** The project's name, and so the namespace of its config keys. */
export const PROJECT = "fastapi-eks";

/** A string key whose default is empty: undefined when empty. */
export const nonEmpty = (v: string): string | undefined => (v === "" ? undefined : v);

/** A check for a key whose default is empty: the empty value passes. */
export const orEmpty =
    (check: (v: string) => string | undefined) =>
    (v: string): string | undefined =>
        v === "" ? undefined : check(v);

/** Raised for bad stack config; lists every problem, each naming its key. */
export class ConfigError extends pulumi.RunError {
    constructor(public readonly problems: string[]) {
        super(
            `Invalid stack configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
                problems.map((p) => `  - ${p}`).join("\n"),
        );
        this.name = "ConfigError";
    }
}

/**
 * Reads typed values of the project's keys, collecting one problem per bad
 * key instead of stopping at the first. The Pulumi CLI has already filled in
 * every Pulumi.yaml default and checked every declared type, so a key's
 * presence says nothing about the user: the checks judge values.
 */
export class Reader {
    readonly problems: string[] = [];
    readonly known = new Set<string>();

    constructor(
        private readonly values: Record<string, string>,
        /** Keys (without the project prefix) whose values the stack holds encrypted. */
        private readonly secretKeys: ReadonlySet<string>,
    ) {}

    private take(key: string): string | undefined {
        this.known.add(key);
        return this.values[key];
    }

    fail(key: string, problem: string, example: string, secret = false): void {
        this.report(key, problem, "For example", `pulumi config set${secret ? " --secret" : ""} ${key} ${example}`);
    }

    /** A problem with a combination of keys, reported against `key`, with the command that fixes it. */
    conflict(key: string, problem: string, fix: string): void {
        this.report(key, problem, "Fix", fix);
    }

    report(key: string, problem: string, label: "For example" | "Fix", command: string): void {
        this.problems.push(`${key.includes(":") ? key : `${PROJECT}:${key}`}: ${problem}. ${label}: ${command}`);
    }

    /** A declared key's value, read and checked as its declaration says. */
    read(key: string, d: KeyDeclaration): unknown {
        const others = (k: string) => this.values[k] ?? "";
        switch (d.type) {
            case "boolean":
                return this.bool(key, d.default);
            case "integer":
                return this.int(key, d.default, d.min, d.max, d.example);
            case "array":
                return this.stringList(key, d.default, d.example, d.check && ((v) => d.check?.(v, others)), d.maxItems);
            case "secret":
                return this.secret(key, d.example);
            case "string": {
                if (d.oneOf) return this.oneOf(key, d.default, d.oneOf, d.example);
                const check = d.check && ((v: string) => d.check?.(v, others));
                const value = this.string(key, d.default, d.example, check && d.optional ? orEmpty(check) : check);
                return d.optional ? nonEmpty(value) : value;
            }
        }
    }

    /** Whether a problem was already reported against `key`. */
    hasProblem(key: string): boolean {
        return this.problems.some((p) => p.startsWith(`${PROJECT}:${key}: `));
    }

    string(key: string, def: string | undefined, example: string, check?: (v: string) => string | undefined): string {
        const raw = this.take(key);
        if (raw === undefined && def === undefined) {
            this.fail(key, "is required but not set", example);
            return "";
        }
        const value = raw ?? def ?? "";
        const problem = check?.(value);
        if (problem !== undefined) this.fail(key, problem, example);
        return value;
    }

    stringList(
        key: string,
        def: readonly string[],
        example: string,
        check?: (v: string) => string | undefined,
        maxItems?: number,
    ): string[] {
        const raw = this.take(key);
        if (raw === undefined) return [...def];
        const fix = `pulumi config set --path '${key}[0]' ${example}`;
        const parsed = parseJson(raw);
        if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === "string")) {
            this.report(key, `${JSON.stringify(raw)} is not a list of strings`, "For example", fix);
            return [];
        }
        for (const item of parsed) {
            const problem = check?.(item);
            if (problem !== undefined) this.report(key, problem, "For example", fix);
        }
        if (maxItems !== undefined && parsed.length > maxItems) {
            this.report(
                key,
                `has ${parsed.length} entries; at most ${maxItems} are taken`,
                "Fix",
                `pulumi config rm --path '${key}[${maxItems}]'`,
            );
        }
        return parsed;
    }

    oneOf<T extends string>(key: string, def: T, allowed: readonly T[], example: string = allowed[0]): T {
        return this.string(key, def, example, (v) => checkOneOf(v, allowed)) as T;
    }

    /** A whole number as the CLI's integer type accepts it (strconv.Atoi: optional sign, decimal digits), then its range. */
    int(key: string, def: number, min: number, max: number, example: number): number {
        const raw = this.take(key);
        if (raw === undefined) return def;
        const value = /^[+-]?[0-9]+$/.test(raw) ? Number(raw) : Number.NaN;
        const problem = Number.isNaN(value) ? `"${raw}" is not a whole number from ${min} to ${max}` : checkInteger(value, min, max);
        if (problem !== undefined) this.fail(key, problem, String(example));
        return value;
    }

    bool(key: string, def: boolean): boolean {
        const raw = this.take(key);
        if (raw === undefined) return def;
        if (raw !== "true" && raw !== "false") this.fail(key, `"${raw}" is not true or false`, String(!def));
        return raw === "true";
    }

    /** An optional secret key, undeclared in Pulumi.yaml: present only when the user set it. */
    secret(key: string, example: string): pulumi.Output<string> | undefined {
        const raw = this.take(key);
        if (raw === undefined) return undefined;
        if (raw.trim() === "") this.fail(key, "is set but empty", example, true);
        else if (raw.startsWith("[") && Array.isArray(parseJson(raw))) this.fail(key, "is a list, but it must be text", example, true);
        else if (!this.isEncrypted(key)) {
            // `pulumi config set` without --secret: the value sits in plain text in Pulumi.<stack>.yaml.
            this.report(
                key,
                "is a secret but the stack file holds it in plain text",
                "Fix",
                `pulumi config set --secret ${key} ${example}`,
            );
        }
        return pulumi.secret(raw);
    }

    /** Whether the user set an optional secret key (see `secret`). */
    hasSecret(key: string): boolean {
        return this.values[key] !== undefined;
    }

    /** Whether the stack holds `key` encrypted. */
    isEncrypted(key: string): boolean {
        return this.secretKeys.has(key);
    }

    unknownKeys(): void {
        for (const key of Object.keys(this.values).filter((k) => !this.known.has(k))) {
            const near = closest(key, [...this.known]);
            const value = this.values[key];
            const shown = !this.isEncrypted(key) && /^[\w./:@+-]+$/.test(value) ? value : "<value>";
            this.problems.push(
                `${PROJECT}:${key}: is not a setting of this program` +
                    (near
                        ? `; did you mean "${near}"? Fix: pulumi config rm ${key} && pulumi config set${this.isEncrypted(key) ? " --secret" : ""} ${near} ${shown}`
                        : `. Fix: pulumi config rm ${key}`),
            );
        }
    }
}

function parseJson(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return undefined;
    }
}

/** The known key nearest to `key` by edit distance, if it is close enough to be a typo. */
function closest(key: string, known: string[]): string | undefined {
    const distance = (a: string, b: string): number => {
        const row = Array.from({ length: b.length + 1 }, (_, j) => j);
        for (let i = 1; i <= a.length; i++) {
            let diagonal = row[0];
            row[0] = i;
            for (let j = 1; j <= b.length; j++) {
                const above = row[j];
                row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.length];
    };
    const best = known.map((k) => ({ k, d: distance(key, k) })).sort((x, y) => x.d - y.d)[0];
    return best !== undefined && best.d <= Math.max(2, Math.floor(key.length / 4)) ? best.k : undefined;
}

/** Every declared key's value, read and checked as its declaration says. */
export function readKeys<T extends Declarations>(r: Reader, keys: T): Values<T> {
    return Object.fromEntries(Object.entries(keys).map(([key, d]) => [key, r.read(key, d)])) as Values<T>;
}
