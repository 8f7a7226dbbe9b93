/**
 * What the previewers (clusterPreviewers) may do, checked against what the
 * program really writes and against Kubernetes' own rule matching.
 */
import * as assert from "node:assert/strict";
import { PREVIEWER_GROUP } from "../../components";
import { k8sObjects, one, reveal } from "../harness";
import { runProgram, stackSettings } from "../program";

const PREVIEWER = "arn:aws:iam::012345678901:role/github-preview";
type Rule = { apiGroups: string[]; resources: string[]; verbs: string[] };

/** The API group and resource a registered Kubernetes type writes: `kubernetes:apps/v1:Deployment` is apps, deployments. */
function resourceOf(type: string): { group: string; resource: string } {
    const [, groupVersion, kind] = type.split(":");
    const group = groupVersion.split("/")[0];
    const name = kind.replace(/Patch$/, "").toLowerCase();
    const plural = name.endsWith("params")
        ? name
        : name.endsWith("y")
          ? `${name.slice(0, -1)}ies`
          : name.endsWith("s")
            ? `${name}es`
            : `${name}s`;
    return { group: group === "core" ? "" : group, resource: plural };
}

const verbsOn = (rules: Rule[], group: string, resource: string) =>
    rules.filter((r) => r.apiGroups.includes(group) && r.resources.includes(resource)).flatMap((r) => r.verbs);

/** Whether an admission rule's resources match a request (k8s.io/apiserver admission rules.go, Matcher.resource). */
function ruleMatches(resources: string[], resource: string, subresource: string): boolean {
    return resources.some((r) => {
        const [res, sub = ""] = r.split("/");
        return (res === "*" || res === resource) && (sub === "*" || sub === subresource);
    });
}

describe("preview access (clusterPreviewers)", () => {
    let rules: Rule[] = [];
    const written = new Map<string, { group: string; resource: string }>();

    before(async () => {
        for (const stack of ["dev", "auto-mode"]) {
            await runProgram({ ...stackSettings(stack), "fastapi-eks:clusterPreviewers": [PREVIEWER], "fastapi-eks:appMaxReplicas": 4 });
            for (const r of k8sObjects()) written.set(r.type, resourceOf(r.type));
            rules = reveal(one("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", "platform-preview-access-role").inputs).rules;
        }
    });

    it("may read every kind the program writes but Secrets, and dry-run write the ones admission can hold to dry runs", () => {
        assert.ok(written.size > 10, "the plans write many kinds");
        for (const [type, { group, resource }] of written) {
            const verbs = verbsOn(rules, group, resource);
            if (resource === "secrets") {
                assert.deepEqual(verbs, [], "no Secrets: a dry-run patch would answer with their values");
                continue;
            }
            for (const v of ["get", "list", "watch"]) assert.ok(verbs.includes(v), `${type}: ${v}`);
            const grantsOrAdmits = ["rbac.authorization.k8s.io", "admissionregistration.k8s.io"].includes(group);
            assert.equal(verbs.includes("patch"), !grantsOrAdmits, `${type}: dry-run patch only where the policy holds it`);
        }
    });

    it("never delete, update, escalate or bind, nor any wildcard", () => {
        for (const r of rules) {
            assert.ok(!r.resources.includes("*") && !r.apiGroups.includes("*"), JSON.stringify(r));
            for (const v of ["delete", "deletecollection", "update", "escalate", "bind", "impersonate", "*"])
                assert.ok(!r.verbs.includes(v), v);
        }
    });

    it("the dry-run-only policy holds subresources too, and binds before the group gets its rights", async () => {
        const policy = reveal(
            one("kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy", "platform-preview-access-dry-run-only").inputs,
        ).spec;
        const resources = policy.matchConstraints.resourceRules[0].resources;
        for (const [res, sub] of [
            ["deployments", ""],
            ["pods", "exec"],
            ["deployments", "scale"],
            ["serviceaccounts", "token"],
        ])
            assert.ok(ruleMatches(resources, res, sub), `${res}/${sub}`);
        const policyBinding = one(
            "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding",
            "platform-preview-access-dry-run-only",
        );
        const binding = one("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding", "platform-preview-access-binding");
        assert.ok(binding.dependencies.includes(policyBinding.urn), "the ClusterRoleBinding waits for the policy's binding");
        assert.deepEqual(reveal(binding.inputs).subjects, [
            { apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: PREVIEWER_GROUP },
        ]);
    });
});
