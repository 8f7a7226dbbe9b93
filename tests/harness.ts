/**
 * The shared mock harness. Mocha requires this file first (.mocharc.json), so
 * the mock monitor is installed before any test file constructs a resource.
 *
 * It records every RegisterResource request as the engine would see it:
 * type, name, parent, provider, the dependency list (which never reaches
 * `mocks.newResource`) and the inputs with secrets still marked.
 */
import * as crypto from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor, Mocks, MockResourceArgs, MockCallArgs } from "@pulumi/pulumi/runtime/mocks";

export const MOCK_PROJECT = "fastapi-eks";
export const MOCK_STACK = "test";
export const MOCK_ALB_HOSTNAME = "k8s-mycoolap-fastapii-0123456789-1234567890.us-east-1.elb.amazonaws.com";

const SIG_KEY = pulumi.runtime.specialSigKey;
const SECRET_SIG = pulumi.runtime.specialSecretSig;

export interface Registration {
    type: string;
    name: string;
    urn: string;
    parent: string;
    provider: string;
    custom: boolean;
    protect: boolean;
    /** URNs this resource waits for: explicit dependsOn plus every resource an input came from. */
    dependencies: string[];
    /** Inputs as sent, secrets still wrapped (see isSecretValue / reveal). */
    inputs: Record<string, unknown>;
}

/** Builds the URN the mock monitor gives a resource, so tests can match dependencies. */
function urnOf(parent: string, type: string, name: string): string {
    const qualified = parent ? `${parent.split("::")[2].split("$").pop()}$${type}` : type;
    return `urn:pulumi:${MOCK_STACK}::${MOCK_PROJECT}::${qualified}::${name}`;
}

class RecordingMonitor extends MockMonitor {
    readonly registrations: Registration[] = [];
    pending = 0;

    override async registerResource(req: any, callback: (err: any, innerResponse: any) => void): Promise<void> {
        this.pending++;
        this.registrations.push({
            type: req.getType(),
            name: req.getName(),
            urn: urnOf(req.getParent(), req.getType(), req.getName()),
            parent: req.getParent(),
            provider: req.getProvider(),
            custom: req.getCustom(),
            protect: req.getProtect?.() ?? false,
            dependencies: req.getDependenciesList(),
            // The struct as sent: unlike deserializeProperties, it keeps the secret wrappers.
            inputs: req.getObject().toJavaScript(),
        });
        try {
            await super.registerResource(req, callback);
        } finally {
            this.pending--;
        }
    }
}

/** A deterministic stand-in for a generated password: URL-safe, of the requested length. */
function mockPassword(name: string, length: number): string {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const bytes = crypto.createHash("sha512").update(name).digest();
    return Array.from({ length }, (_, i) => alphabet[bytes[i % bytes.length] % alphabet.length]).join("");
}

/** Outputs a real provider would add to a resource's inputs. */
function mockState(args: MockResourceArgs): Record<string, unknown> {
    const state: Record<string, any> = { ...args.inputs };
    switch (args.type) {
        case "random:index/randomPassword:RandomPassword":
            state.result = mockPassword(args.name, Number(args.inputs.length));
            break;
        case "kubernetes:networking.k8s.io/v1:Ingress":
            state.status = { loadBalancer: { ingress: [{ hostname: MOCK_ALB_HOSTNAME }] } };
            break;
    }
    return state;
}

export const mocks: Mocks = {
    newResource: (args: MockResourceArgs) => ({ id: `${args.name}-id`, state: mockState(args) }),
    call: (args: MockCallArgs) => {
        throw new Error(`unexpected call to ${args.token} under mocks`);
    },
};

const monitor = new RecordingMonitor(mocks);
pulumi.runtime.setMockOptions(monitor, MOCK_PROJECT, MOCK_STACK, false);

/**
 * setMockOptions leaves every engine feature off, secrets included, so that
 * secret inputs would go out unmarked. Ask the monitor which features it
 * supports, as the SDK does against a real engine, before any test runs.
 */
export const mochaHooks = {
    async beforeAll(): Promise<void> {
        const runtime = pulumi.runtime as unknown as { awaitFeatureSupport(): Promise<void> };
        await runtime.awaitFeatureSupport();
    },
};

/** Everything registered since the last reset, in registration order. */
export function registrations(): Registration[] {
    return monitor.registrations;
}

export function resetRegistrations(): void {
    monitor.registrations.length = 0;
}

export function ofType(type: string): Registration[] {
    return monitor.registrations.filter((r) => r.type === type);
}

/** The one registration of `type` named `name`; fails the test if there is not exactly one. */
export function one(type: string, name: string): Registration {
    const found = monitor.registrations.filter((r) => r.type === type && r.name === name);
    if (found.length !== 1) {
        const seen = monitor.registrations.map((r) => `${r.type} ${r.name}`).join("\n  ");
        throw new Error(`expected one ${type} named ${name}, found ${found.length}; registered:\n  ${seen}`);
    }
    return found[0];
}

/** Waits until every started registration has finished and no new one starts. */
export async function settle(): Promise<void> {
    let stableTurns = 0;
    let last = -1;
    while (stableTurns < 5) {
        await new Promise((r) => setTimeout(r, 2));
        const count = monitor.registrations.length;
        stableTurns = monitor.pending === 0 && count === last ? stableTurns + 1 : 0;
        last = count;
    }
}

export function isSecretValue(v: unknown): boolean {
    return typeof v === "object" && v !== null && (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

/** Deep copy of `v` with every secret wrapper replaced by its value. */
export function reveal<T = any>(v: unknown): T {
    if (isSecretValue(v)) return reveal((v as { value: unknown }).value);
    if (Array.isArray(v)) return v.map((x) => reveal(x)) as T;
    if (typeof v === "object" && v !== null) {
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, reveal(x)])) as T;
    }
    return v as T;
}

/** The value and secrecy of an output, once it resolves. */
export async function resolve<T>(input: pulumi.Input<T>): Promise<{ value: pulumi.Unwrap<T>; secret: boolean }> {
    const o = pulumi.output(input);
    const value = await new Promise<pulumi.Unwrap<T>>((res) => o.apply((v) => res(v)));
    return { value, secret: await pulumi.isSecret(o) };
}
