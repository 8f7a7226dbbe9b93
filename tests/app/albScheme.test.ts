/**
 * A live stack's ALB scheme (`albScheme`) changed. The AWS Load Balancer
 * Controller deletes an ALB whose scheme changes and makes another
 * (pkg/deploy/elbv2/load_balancer_synthesizer.go: isSDKLoadBalancerRequiresReplacement,
 * then the unmatched one deleted first), while the Ingress's status still
 * names the old ALB, which pulumi-kubernetes' await takes as ready
 * (provider/pkg/await/ingress.go): the program would carry a deleted ALB's
 * name to its outputs, alarms and DNS record. Another scheme gets an Ingress
 * of another name instead, made (with its ALB) before the old one is deleted.
 */
import * as assert from "node:assert/strict";
import { MOCK_ALB_HOSTNAME } from "../../tools/offline/mockCluster";
import { one, reveal } from "../harness";
import { deployedOutputs, runProgram, stackSettings } from "../program";

const dev = stackSettings("dev");
const internal = { ...dev, "fastapi-eks:albScheme": "internal" };

/** The app Ingress's object name, and its ALB's scheme. */
function appIngress(): [string, string] {
    const metadata = reveal(one("kubernetes:networking.k8s.io/v1:Ingress", "bookstore-app-ingress").inputs).metadata;
    return [metadata.name, metadata.annotations["alb.ingress.kubernetes.io/scheme"]];
}

describe("the ALB's scheme on a live stack", () => {
    it("a new stack's Ingress has the plain name, whatever its scheme", async () => {
        await runProgram(internal);
        assert.deepEqual(appIngress(), ["fastapi-ingress", "internal"]);
    });

    it("another scheme: an Ingress of another name, whose ALB replaces the old one; back again, the plain name", async () => {
        const first = await deployedOutputs(await runProgram(dev));
        await runProgram(dev, first);
        assert.deepEqual(appIngress(), ["fastapi-ingress", "internet-facing"], "the same scheme keeps its Ingress");
        const second = await deployedOutputs(await runProgram(internal, first));
        assert.deepEqual(appIngress(), ["fastapi-ingress-internal", "internal"]);
        assert.deepEqual((second.lastApplied as Record<string, unknown>).appIngress, {
            name: "fastapi-ingress-internal",
            scheme: "internal",
        });
        await runProgram(internal, second);
        assert.deepEqual(appIngress(), ["fastapi-ingress-internal", "internal"], "and keeps it at the next up");
        await runProgram(dev, second);
        assert.deepEqual(appIngress(), ["fastapi-ingress", "internet-facing"]);
    });

    it("a stack from before the record: its scheme read off its ALB's name, internal- for an internal one", async () => {
        // The albHostname output of every version of the program; ELB names an internal load balancer internal-<name>-<id>.
        const legacy = (hostname: string) => ({ namespace: "my-cool-app", albHostname: hostname });
        await runProgram(internal, legacy(`internal-${MOCK_ALB_HOSTNAME}`));
        assert.deepEqual(appIngress(), ["fastapi-ingress", "internal"]);
        await runProgram(dev, legacy(`internal-${MOCK_ALB_HOSTNAME}`));
        assert.deepEqual(appIngress(), ["fastapi-ingress-internet-facing", "internet-facing"]);
        await runProgram(internal, legacy(MOCK_ALB_HOSTNAME));
        assert.deepEqual(appIngress(), ["fastapi-ingress-internal", "internal"]);
    });
});
