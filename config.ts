import * as pulumi from "@pulumi/pulumi";
import {
    ALB_SCHEMES,
    ALB_TARGET_TYPES,
    AlbScheme,
    AlbTargetType,
    FAST_API_APP_DEFAULTS,
    MAX_REPLICAS,
    POSTGRES_DB_DEFAULTS,
    checkDnsLabel,
    checkHttpPath,
    checkImage,
    checkInteger,
    checkOneOf,
    checkPgIdentifier,
    checkQuantity,
} from "./components";

/** The project's name, and so the namespace of its config keys. */
export const PROJECT = "fastapi-eks";

/** The stack's settings, parsed and validated. Keys match the config keys. */
export interface StackConfig {
    kubeconfig?: pulumi.Output<string>;
    kubeContext?: string;
    namespace: string;
    createNamespace: boolean;
    appImage: string;
    appReplicas: number;
    albScheme: AlbScheme;
    albTargetType: AlbTargetType;
    healthCheckPath: string;
    dbImage: string;
    dbStorageSize: string;
    dbStorageClass: string;
    createStorageClass: boolean;
    dbName: string;
    dbUser: string;
    dbPassword?: pulumi.Output<string>;
    dbSuperuserPassword?: pulumi.Output<string>;
}

/**
 * Defaults of the optional keys. The CLI applies Pulumi.yaml's `default:`s,
 * the SDK does not, so the code applies these itself; a test keeps the two
 * equal. Component defaults are reused, never restated.
 */
export const CONFIG_DEFAULTS = {
    kubeContext: "",
    namespace: "my-cool-app",
    createNamespace: true,
    appReplicas: FAST_API_APP_DEFAULTS.replicas,
    albScheme: FAST_API_APP_DEFAULTS.albScheme,
    albTargetType: FAST_API_APP_DEFAULTS.albTargetType,
    healthCheckPath: FAST_API_APP_DEFAULTS.healthCheckPath,
    dbImage: POSTGRES_DB_DEFAULTS.image,
    dbStorageSize: POSTGRES_DB_DEFAULTS.storageSize,
    dbStorageClass: POSTGRES_DB_DEFAULTS.storageClassName,
    createStorageClass: POSTGRES_DB_DEFAULTS.createStorageClass,
    dbName: POSTGRES_DB_DEFAULTS.databaseName,
    dbUser: POSTGRES_DB_DEFAULTS.username,
} as const;

/** Keys every stack must set. */
export const REQUIRED_KEYS = ["appImage"] as const;

/**
 * Optional secrets. Pulumi.yaml cannot declare them: the CLI requires every
 * declared key that has no default, and rejects a default on a secret key.
 */
export const OPTIONAL_SECRET_KEYS = ["kubeconfig", "dbPassword", "dbSuperuserPassword"] as const;

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

/** Reads typed values, collecting one problem per bad key instead of stopping at the first. */
class Reader {
    readonly problems: string[] = [];
    readonly known = new Set<string>();

    constructor(private readonly values: Record<string, string>) {}

    private take(key: string): string | undefined {
        this.known.add(key);
        return this.values[key];
    }

    private fail(key: string, problem: string, example: string, secret = false): void {
        const set = secret ? "pulumi config set --secret" : "pulumi config set";
        this.problems.push(`${PROJECT}:${key}: ${problem}. For example: ${set} ${key} ${example}`);
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

    oneOf<T extends string>(key: string, def: T, allowed: readonly T[]): T {
        return this.string(key, def, allowed[0], (v) => checkOneOf(v, allowed)) as T;
    }

    int(key: string, def: number, min: number, max: number, example: number): number {
        const raw = this.take(key);
        if (raw === undefined) return def;
        const value = /^\s*-?[0-9]+\s*$/.test(raw) ? Number(raw) : Number.NaN;
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

    secret(key: string, example: string): pulumi.Output<string> | undefined {
        const raw = this.take(key);
        if (raw === undefined) return undefined;
        if (raw.trim() === "") this.fail(key, "is set but empty", example, true);
        return pulumi.secret(raw);
    }

    unknownKeys(): void {
        for (const key of Object.keys(this.values).filter((k) => !this.known.has(k))) {
            const near = closest(key, [...this.known]);
            this.problems.push(
                `${PROJECT}:${key}: is not a setting of this program` +
                    (near ? `; did you mean "${near}"? Fix: pulumi config mv ${key} ${near}` : `. Fix: pulumi config rm ${key}`),
            );
        }
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

export interface ParsedConfig {
    config: StackConfig;
    /** One line per problem, each naming its key, what is wrong and a fix. */
    problems: string[];
    /** Every key the program reads. */
    knownKeys: string[];
}

/**
 * Parses and validates the project's keys in `all` (keys as
 * `fastapi-eks:<key>`; other namespaces are ignored). Pure: registers nothing.
 */
export function parseStackConfig(all: Record<string, string>): ParsedConfig {
    const prefix = `${PROJECT}:`;
    const values = Object.fromEntries(
        Object.entries(all)
            .filter(([k]) => k.startsWith(prefix))
            .map(([k, v]) => [k.slice(prefix.length), v]),
    );
    const r = new Reader(values);
    const d = CONFIG_DEFAULTS;
    const kubeContext = r.string("kubeContext", d.kubeContext, "my-cluster-context");
    const cfg: StackConfig = {
        kubeconfig: r.secret("kubeconfig", '"$(cat ~/.kube/config)"'),
        kubeContext: kubeContext === "" ? undefined : kubeContext,
        namespace: r.string("namespace", d.namespace, "my-cool-app", checkDnsLabel),
        createNamespace: r.bool("createNamespace", d.createNamespace),
        appImage: r.string(
            "appImage",
            undefined,
            "012345678901.dkr.ecr.us-east-1.amazonaws.com/fastapi-microservices:1.0",
            checkImage,
        ),
        appReplicas: r.int("appReplicas", d.appReplicas, 0, MAX_REPLICAS, 2),
        albScheme: r.oneOf("albScheme", d.albScheme, ALB_SCHEMES),
        albTargetType: r.oneOf("albTargetType", d.albTargetType, ALB_TARGET_TYPES),
        healthCheckPath: r.string("healthCheckPath", d.healthCheckPath, "/", checkHttpPath),
        dbImage: r.string("dbImage", d.dbImage, d.dbImage, checkImage),
        dbStorageSize: r.string("dbStorageSize", d.dbStorageSize, "5Gi", checkQuantity),
        dbStorageClass: r.string("dbStorageClass", d.dbStorageClass, "ebs-sc", checkDnsLabel),
        createStorageClass: r.bool("createStorageClass", d.createStorageClass),
        dbName: r.string("dbName", d.dbName, "bookstore", checkPgIdentifier),
        dbUser: r.string("dbUser", d.dbUser, "bookdbadmin", checkPgIdentifier),
        dbPassword: r.secret("dbPassword", "<a long random password>"),
        dbSuperuserPassword: r.secret("dbSuperuserPassword", "<a long random password>"),
    };
    r.unknownKeys();
    return { config: cfg, problems: r.problems, knownKeys: [...r.known] };
}

/**
 * The running stack's config, parsed. Throws a ConfigError listing every
 * problem; it registers nothing, so call it before any resource.
 */
export function loadStackConfig(all: Record<string, string> = pulumi.runtime.allConfig()): StackConfig {
    const parsed = parseStackConfig(all);
    if (parsed.problems.length > 0) throw new ConfigError(parsed.problems);
    return parsed.config;
}
