/**
 * How a config key is declared, once: its type, default, descriptions, where
 * it applies and its check. Pulumi.yaml's `config:` block and the key
 * reference in docs/configuration.md are generated from the declarations
 * (`npm run generate`), and the readers take their types, defaults, examples
 * and checks from them.
 */
import * as pulumi from "@pulumi/pulumi";

/** Where a key applies, when not everywhere: the mode checks refuse it elsewhere. */
export type KeyScope = "createdCluster" | "nodeGroup" | "newVpc";

interface Common {
    /** Pulumi.yaml's one-line description. */
    description: string;
    /** Its meaning in the key reference (docs/configuration.md). */
    doc: string;
    /** How the reference shows the default, where the value alone does not say it. */
    docDefault?: string;
    /** Where it applies, when not in every mode. */
    scope?: KeyScope;
}

/** What a check sees of the other keys: each one's value as text, as the CLI hands it over (or its default). */
export type RawValues = (key: string) => string;
type Check = (value: string, others: RawValues) => string | undefined;

export interface BooleanKey extends Common {
    type: "boolean";
    default: boolean;
}
export interface IntegerKey extends Common {
    type: "integer";
    default: number;
    min: number;
    max: number;
    example: number;
}
export interface StringKey extends Common {
    type: "string";
    default: string;
    example: string;
    check?: Check;
    /** The values it may take. */
    oneOf?: readonly string[];
    /** Empty means "not set": the parsed config has undefined, and the check passes it. */
    optional?: boolean;
}
export interface ListKey extends Common {
    type: "array";
    default: readonly string[];
    example: string;
    /** The check of each item. */
    check?: Check;
    /** The most items the service takes. */
    maxItems?: number;
}
/** An optional secret: undeclared in Pulumi.yaml (the CLI refuses a secret's default), present only when set. */
export interface SecretKey extends Common {
    type: "secret";
    example: string;
    docDefault: string;
}
export type KeyDeclaration = BooleanKey | IntegerKey | StringKey | ListKey | SecretKey;
export type Declarations = Record<string, KeyDeclaration>;

/** The parsed value of a declared key. */
export type ValueOf<D> = D extends BooleanKey
    ? boolean
    : D extends IntegerKey
      ? number
      : D extends ListKey
        ? string[]
        : D extends SecretKey
          ? pulumi.Output<string> | undefined
          : D extends { oneOf: readonly (infer U)[] }
            ? U
            : D extends { optional: true }
              ? string | undefined
              : string;

/** The parsed values of a set of declarations. */
export type Values<T extends Declarations> = { -readonly [K in keyof T]: ValueOf<T[K]> };

/** Each declared default as the key reference and Pulumi.yaml hold it (secrets have none). */
export function defaultsOf<T extends Declarations>(keys: T): Record<string, boolean | number | string | readonly string[]> {
    return Object.fromEntries(
        Object.entries(keys).flatMap(([k, d]) => (d.type === "secret" ? [] : [[k, d.default] as [string, typeof d.default]])),
    );
}

/** The keys of a scope. */
export function keysIn(keys: Declarations, scope: KeyScope): string[] {
    return Object.entries(keys)
        .filter(([, d]) => d.scope === scope)
        .map(([k]) => k);
}
