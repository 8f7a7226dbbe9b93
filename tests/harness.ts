/**
 * The shared test harness. Mocha requires this file first (.mocharc.js), so
 * the recording mock runtime (tools/mockRuntime.ts) is installed before any
 * test file constructs a resource.
 */
// Node's on-disk compile cache: each mocha worker loads the Pulumi SDKs faster on later runs.
import "./compileCache";
import * as pulumi from "@pulumi/pulumi";
import { Registration, enableFeatures, installMockRuntime, isKubernetesObject, registrations } from "../tools/offline/mockRuntime";
import { testMocks } from "./mocks";

export {
    MOCK_ACCOUNT,
    MOCK_ALB_HOSTNAME,
    MOCK_EBS_ADDON_VERSION,
    MOCK_EXISTING_VPC,
    MOCK_OIDC_ISSUER,
    MOCK_OIDC_PROVIDER_ARN,
    Registration,
    eksClusterState,
    isSecretValue,
    registrations,
    reveal,
    settle,
} from "../tools/offline/mockRuntime";

export const MOCK_STACK = "test";
installMockRuntime(MOCK_STACK, testMocks);

export const mochaHooks = {
    async beforeAll(): Promise<void> {
        await enableFeatures();
    },
};

export function resetRegistrations(): void {
    registrations().length = 0;
}

/** Puts back the registrations of an earlier run (see runProgram's cache). */
export function restoreRegistrations(saved: Registration[]): void {
    registrations().splice(0, registrations().length, ...saved);
}

export function ofType(type: string): Registration[] {
    return registrations().filter((r) => r.type === type);
}

/** The one registration of `type` named `name`; fails the test if there is not exactly one. */
export function one(type: string, name: string): Registration {
    const found = registrations().filter((r) => r.type === type && r.name === name);
    if (found.length !== 1) {
        const seen = registrations()
            .map((r) => `${r.type} ${r.name}`)
            .join("\n  ");
        throw new Error(`expected one ${type} named ${name}, found ${found.length}; registered:\n  ${seen}`);
    }
    return found[0];
}

/** The Kubernetes API objects registered (not Helm releases). */
export function k8sObjects(): Registration[] {
    return registrations().filter(isKubernetesObject);
}

/** The value and secrecy of an output, once it resolves. */
export async function resolve<T>(input: pulumi.Input<T>): Promise<{ value: pulumi.Unwrap<T>; secret: boolean }> {
    const o = pulumi.output(input);
    const value = await new Promise<pulumi.Unwrap<T>>((res) => o.apply((v) => res(v)));
    return { value, secret: await pulumi.isSecret(o) };
}
