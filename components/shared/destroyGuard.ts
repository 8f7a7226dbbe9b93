import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";

/** The guard's resource name, so that the engine's refusal names the key to change. */
export const DESTROY_GUARD_NAME = "protectData";

/**
 * The first resource `pulumi destroy` deletes, and on a protected stack the
 * step that refuses the whole destroy before anything else is gone.
 *
 * The engine deletes in reverse dependency order and checks `protect` only
 * when it reaches a resource's delete step (pulumi/pulumi
 * pkg/resource/deploy/step.go, `DeleteStep.Apply`; it does so in the preview
 * too). Protecting the database alone would let everything that depends on it
 * go first: the namespace's NetworkPolicies, the bucket's settings, Aurora's
 * writer. This resource depends on every other one (`dependsOn` a component
 * waits for all its children), so nothing else is deleted before it, and
 * protected it stops the destroy at its very first step. It holds nothing and
 * calls no cloud API: a random UUID, made once, never replaced.
 */
export function destroyGuard(protect: boolean, everything: pulumi.Resource[]): random.RandomUuid {
    return new random.RandomUuid(DESTROY_GUARD_NAME, {}, { protect, dependsOn: everything });
}
