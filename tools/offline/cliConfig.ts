/**
 * The Pulumi CLI's config step, reproduced from its source so that every test
 * and the offline plan hand the program the config that `pulumi preview` and
 * `pulumi up` would hand it, or stop where the CLI stops.
 *
 * From pulumi/pulumi (commit 1b59498, August 2026):
 * - sdk/go/common/workspace/loaders.go `LoadProjectBytes`: Pulumi.yaml's
 *   shorthand config is rewritten (`RewriteShorthandConfigValues`), then
 *   `Project.Validate` checks each declaration and its default's type.
 * - sdk/go/common/resource/config/object.go `unmarshalObject`/`MarshalString`:
 *   a stack file's value becomes text: a string as is, a boolean or number as
 *   JSON, `{secure: ...}` as ciphertext, a list or map as JSON (object).
 * - pkg/workspace/config.go `mergeConfig`: every declared key the stack lacks
 *   gets its `default:` (`createConfigValue`: `%v` of a string, int or bool,
 *   JSON otherwise); missing required keys stop the run, all named at once;
 *   then `validateStackConfigValues` checks each typed key, sorted by name, and
 *   stops at the first bad one.
 * - sdk/go/common/workspace/project.go `ValidateConfigValue`: the type rules.
 * - pkg/cmd/pulumi/operations/up.go (and preview.go): the error is wrapped as
 *   "validating stack config: ...".
 */
import * as fs from "node:fs";
import { parse } from "yaml";

/** An error the CLI itself prints before the program starts; the message is the CLI's. */
export class CliError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "CliError";
    }
}

export interface ConfigItemsType {
    type: string;
    items?: ConfigItemsType;
}

export interface ConfigType {
    type?: string;
    items?: ConfigItemsType;
    description?: string;
    default?: unknown;
    value?: unknown;
    secret?: boolean;
}

export interface Project {
    name: string;
    config: Record<string, ConfigType>;
}

/** What a stack file holds that the config step reads. */
export interface StackFile {
    config?: Record<string, unknown>;
    encryptionsalt?: string;
    secretsprovider?: string;
}

/** What the program receives: every value as text, and the keys whose values were encrypted. */
export interface ProgramConfig {
    config: Record<string, string>;
    secretKeys: string[];
}

/** A config value as the CLI holds it (config.Value). */
interface Value {
    text: string;
    secure: boolean;
    object: boolean;
}

const TYPES = ["string", "integer", "boolean", "array", "object"];
const DECLARATION_FIELDS = ["type", "items", "description", "secret", "default", "value"];

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
/** Go's `isPrimitiveValue`: string, int or bool (a float is not). */
const isPrimitive = (v: unknown) => typeof v === "string" || typeof v === "boolean" || Number.isInteger(v);
const namespaced = (project: string, key: string) => !key.includes(":") || key.startsWith(`${project}:`);
const fullKey = (project: string, key: string) => (key.includes(":") ? key : `${project}:${key}`);

/** strconv.Atoi: an optional sign and decimal digits, within int64. */
function atoi(text: string): boolean {
    if (!/^[+-]?[0-9]+$/.test(text)) return false;
    const n = BigInt(text);
    return n >= -(2n ** 63n) && n < 2n ** 63n;
}

/** `ValidateConfigValue`. */
export function validateConfigValue(type: string, items: ConfigItemsType | undefined, value: unknown): boolean {
    switch (type) {
        case "string":
            return typeof value === "string";
        case "integer":
            if (typeof value === "number") return Number.isInteger(value);
            return typeof value === "string" && atoi(value);
        case "boolean":
            return value === "true" || value === "false" || typeof value === "boolean";
        case "object":
            return isMap(value);
        default:
            return Array.isArray(value) && items !== undefined && value.every((v) => validateConfigValue(items.type, items.items, v));
    }
}

/** `InferFullTypeName`. */
const typeName = (type: string, items?: ConfigItemsType): string => (items ? `array<${typeName(items.type, items.items)}>` : type);

/** Reads Pulumi.yaml as `LoadProjectBytes` does; throws the CLI's message for a project it would refuse. */
export function loadProject(file: string): Project {
    const raw = parse(fs.readFileSync(file, "utf8")) as { name?: unknown; config?: unknown };
    if (typeof raw?.name !== "string" || raw.name === "")
        throw new CliError(`could not unmarshal '${file}': project is missing a 'name' attribute`);
    const name = raw.name;
    const config: Record<string, ConfigType> = {};
    for (const [key, declared] of Object.entries(isMap(raw.config) ? raw.config : {})) {
        let t: ConfigType;
        if (isPrimitive(declared) || Array.isArray(declared)) {
            t = namespaced(name, key) ? { default: declared } : { value: declared };
        } else if (isMap(declared)) {
            const extra = Object.keys(declared).filter((f) => !DECLARATION_FIELDS.includes(f));
            if (extra.length > 0)
                throw new CliError(`could not validate '${file}': config.${key}: additional properties ${extra.join(", ")} not allowed`);
            t = declared as ConfigType;
        } else {
            throw new CliError(`could not unmarshal '${file}': config.${key}: cannot unmarshal ${JSON.stringify(declared)}`);
        }
        if (t.default === null) delete t.default;
        if (t.value === null) delete t.value;
        if (t.type !== undefined && !TYPES.includes(t.type))
            throw new CliError(`could not validate '${file}': config.${key}.type: must be one of ${TYPES.join(", ")}`);
        config[key] = t;
    }
    // Project.Validate
    for (const [key, t] of Object.entries(config)) {
        const fail = (why: string) => new CliError(`could not unmarshal '${file}': ${why}`);
        if (t.default !== undefined && t.value !== undefined)
            throw fail(`project config '${key}' cannot have both a 'default' and 'value' attribute`);
        if (namespaced(name, key)) {
            if (t.type === "array" && t.items === undefined) {
                throw fail(
                    `The configuration key '${key}' declares an array but does not specify the underlying type via the 'items' attribute`,
                );
            }
            if (t.type !== undefined && t.default !== undefined && !validateConfigValue(t.type, t.items, t.default)) {
                throw fail(
                    `The default value specified for configuration key '${key}' is not of the expected type '${typeName(t.type, t.items)}'`,
                );
            }
        } else if (t.type !== undefined) {
            throw fail(`Configuration key '${key}' is not namespaced by the project and should not define a type`);
        } else if (t.default !== undefined) {
            throw fail(
                `Configuration key '${key}' is not namespaced by the project and should not define a default value. Did you mean to use the 'value' attribute instead of 'default'?`,
            );
        } else if (t.value === undefined) {
            throw fail(`Configuration key '${key}' is namespaced and must provide an attribute 'value'`);
        }
    }
    return { name, config };
}

/** Reads a stack file (Pulumi.<stack>.yaml). */
/** A stack file, parsed; a YAML error names the file, as the CLI does ("could not read <file>: <YAML error>"). */
export function readStackFile(file: string): StackFile {
    try {
        return (parse(fs.readFileSync(file, "utf8")) as StackFile | null) ?? {};
    } catch (e) {
        throw new CliError(`could not read ${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
}

const isSecure = (v: unknown): v is { secure: string } => isMap(v) && Object.keys(v).length === 1 && typeof v.secure === "string";
const hasSecure = (v: unknown): boolean =>
    isSecure(v) || (Array.isArray(v) ? v.some(hasSecure) : isMap(v) && Object.values(v).some(hasSecure));

/** Go's json.Marshal: map keys sorted. */
function goJson(v: unknown): string {
    if (Array.isArray(v)) return `[${v.map(goJson).join(",")}]`;
    if (isMap(v))
        return `{${Object.keys(v)
            .sort()
            .map((k) => `${JSON.stringify(k)}:${goJson(v[k])}`)
            .join(",")}}`;
    return JSON.stringify(v ?? null);
}

/** A stack file's value as config.Value (`unmarshalObject`, then `MarshalString`). */
function stackValue(v: unknown): Value {
    if (typeof v === "string") return { text: v, secure: false, object: false };
    if (typeof v === "boolean" || typeof v === "number") return { text: goJson(v), secure: false, object: false };
    if (isSecure(v)) return { text: v.secure, secure: true, object: false };
    return { text: goJson(v), secure: hasSecure(v), object: true };
}

/** `createConfigValue`: a default as the CLI writes it into the stack's config. */
function defaultValue(v: unknown): Value {
    return isPrimitive(v) ? { text: String(v), secure: false, object: false } : { text: goJson(v), secure: false, object: true };
}

/** The plaintext of a value (config.Value.Value with the stack's decrypter). */
function plaintext(v: Value, decrypt: (ciphertext: string) => string): string {
    if (!v.secure) return v.text;
    if (!v.object) return decrypt(v.text);
    const open = (x: unknown): unknown =>
        isSecure(x)
            ? decrypt(x.secure)
            : Array.isArray(x)
              ? x.map(open)
              : isMap(x)
                ? Object.fromEntries(Object.entries(x).map(([k, y]) => [k, open(y)]))
                : x;
    return goJson(open(JSON.parse(v.text)));
}

function missingKeysMessage(keys: string[], stack: string): string {
    const quoted = [...keys].sort().map((k) => `'${k}'`);
    const list = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1]}`;
    return `Stack '${stack}' is missing configuration value${keys.length > 1 ? "s" : ""} ${list}`;
}

/**
 * `mergeConfig` with validation, as `pulumi preview` and `pulumi up` run it.
 * Throws a CliError with the CLI's message where the CLI would stop.
 */
export function cliConfig(stack: string, project: Project, stackFile: StackFile, decrypt: (ciphertext: string) => string): ProgramConfig {
    const values = new Map<string, Value>();
    for (const [key, v] of Object.entries(stackFile.config ?? {})) values.set(fullKey(project.name, key), stackValue(v));

    const keys = Object.keys(project.config).sort();
    const missing: string[] = [];
    for (const key of keys) {
        const t = project.config[key];
        const full = fullKey(project.name, key);
        if (values.has(full)) continue;
        if (t.default === undefined && t.value === undefined) {
            if (full.startsWith(`${project.name}:`)) missing.push(key);
            continue;
        }
        values.set(full, defaultValue(t.default ?? t.value));
    }
    const fail = (why: string) => new CliError(`validating stack config: ${why}`);
    if (missing.length > 0) throw fail(missingKeysMessage(missing, stack));

    const config: Record<string, string> = {};
    for (const [key, v] of values) config[key] = plaintext(v, decrypt);
    for (const key of keys) {
        const t = project.config[key];
        if (t.type === undefined) continue;
        const full = fullKey(project.name, key);
        const v = values.get(full) ?? { text: "", secure: false, object: false };
        if (t.secret && !v.secure) throw fail(`Stack '${stack}' with configuration key '${key}' must be encrypted as it's secret`);
        const content: unknown = v.object ? JSON.parse(config[full] ?? "") : (config[full] ?? "");
        if (!validateConfigValue(t.type, t.items, content)) {
            throw fail(`Stack '${stack}' with configuration key '${key}' must be of type '${typeName(t.type, t.items)}'`);
        }
    }
    return { config, secretKeys: [...values].filter(([, v]) => v.secure).map(([k]) => k) };
}
