/** What only a real AWS account would show: zones, API access, support tier, add-on versions, profiles, the Pod Identity agent. */
import * as assert from "node:assert/strict";
import { EbsCsiDriver, PREVIEWER_GROUP, Network, execKubeconfig } from "../../components";
import { invocations } from "../../tools/offline/mockRuntime";
import { k8sObjects, one, registrations, resetRegistrations, reveal, settle } from "../harness";
import { runProgram, stackSettings } from "../program";

const dev = stackSettings("dev");

/** The namespace's allow-dns NetworkPolicy's spec. */
const allowDns = () => reveal(one("kubernetes:networking.k8s.io/v1:NetworkPolicy", "bookstore-allow-dns").inputs).spec;

/** The pod specs of every workload the program registered: Deployments, StatefulSets, Jobs and CronJobs. */
function podTemplates(): { what: string; spec: any }[] {
    return k8sObjects().flatMap((r) => {
        const spec = reveal(r.inputs).spec;
        const pod = r.type.endsWith(":CronJob") ? spec.jobTemplate.spec.template.spec : spec?.template?.spec;
        return /:(Deployment|StatefulSet|Job|CronJob)$/.test(r.type) ? [{ what: `${r.type} ${r.name}`, spec: pod }] : [];
    });
}
const APP_DEPLOYMENT = " bookstore-app-deployment";
const existing = { ...dev, "fastapi-eks:createCluster": false, "fastapi-eks:clusterName": "workshop" };

describe("ready for a real AWS account", () => {
    it("a new VPC leaves out the zone IDs where EKS refuses a control plane", async () => {
        invocations.length = 0;
        resetRegistrations();
        new Network("n", { clusterName: "c" });
        await settle();
        const zones = invocations.find((i) => i.token === "aws:index/getAvailabilityZones:getAvailabilityZones");
        assert.ok(zones, "the zones are looked up");
        assert.deepEqual(zones.inputs.excludeZoneIds, ["use1-az3", "usw1-az2", "cac1-az3"]);
    });

    it("the cluster: STANDARD support by default, a private endpoint for the nodes, the public one open unless restricted", async () => {
        await runProgram(dev);
        const cluster = reveal(one("eks:index:Cluster", "platform-cluster-eks").inputs);
        assert.deepEqual(cluster.upgradePolicy, { supportType: "STANDARD" });
        assert.equal(cluster.endpointPrivateAccess, true);
        assert.equal(cluster.endpointPublicAccess, true);
        assert.deepEqual(cluster.publicAccessCidrs, ["0.0.0.0/0"]);
        await runProgram({ ...dev, "fastapi-eks:apiAllowedCidrs": ["203.0.113.0/24"], "fastapi-eks:supportType": "EXTENDED" });
        const restricted = reveal(one("eks:index:Cluster", "platform-cluster-eks").inputs);
        assert.deepEqual(restricted.publicAccessCidrs, ["203.0.113.0/24"]);
        assert.deepEqual(restricted.upgradePolicy, { supportType: "EXTENDED" });
    });

    it("controlPlaneLogTypes: all five by default, as the workshop; the user's choice, none included, on the cluster as given", async () => {
        await runProgram(dev);
        const all = reveal(one("eks:index:Cluster", "platform-cluster-eks").inputs);
        assert.deepEqual(all.enabledClusterLogTypes, ["api", "audit", "authenticator", "controllerManager", "scheduler"]);
        for (const types of [["audit", "authenticator"], []]) {
            await runProgram({ ...dev, "fastapi-eks:controlPlaneLogTypes": types });
            assert.deepEqual(reveal(one("eks:index:Cluster", "platform-cluster-eks").inputs).enabledClusterLogTypes, types);
        }
    });

    it("an EBS CSI version resolved at deploy time stays until the user pins one", async () => {
        for (const [addonVersion, ignored] of [
            [undefined, ["addonVersion"]],
            ["v1.50.1-eksbuild.1", []],
        ] as const) {
            resetRegistrations();
            new EbsCsiDriver("d", { clusterName: "c", kubernetesVersion: "1.35", addonVersion });
            await settle();
            assert.deepEqual(one("aws:eks/addon:Addon", "d-addon").ignoreChanges, ignored);
        }
    });

    it("with aws:assumeRoles, both kubeconfigs' aws eks get-token assume that role, as the AWS provider does", async () => {
        const role = "arn:aws:iam::012345678901:role/deployer";
        await runProgram({ ...dev, "aws:assumeRoles": [{ roleArn: role, sessionName: "pulumi" }] });
        assert.deepEqual(reveal(one("eks:index:Cluster", "platform-cluster-eks").inputs).providerCredentialOpts, { roleArn: role });
        const created = JSON.parse(reveal(one("pulumi:providers:kubernetes", "platform-k8s").inputs).kubeconfig);
        assert.deepEqual(created.users[0].user.exec.args.slice(-4), ["--role-arn", role, "--output", "json"]);
        await runProgram({ ...existing, "aws:assumeRole": { roleArn: role } });
        const looked = JSON.parse(reveal(one("pulumi:providers:kubernetes", "platform-k8s").inputs).kubeconfig);
        assert.deepEqual(looked.users[0].user.exec.args.slice(-4), ["--role-arn", role, "--output", "json"]);
    });

    it("with aws:profile, both kubeconfigs run aws eks get-token with that profile", async () => {
        await runProgram({ ...dev, "aws:profile": "shop-admin" });
        assert.deepEqual(reveal(one("eks:index:Cluster", "platform-cluster-eks").inputs).providerCredentialOpts, {
            profileName: "shop-admin",
        });
        // @pulumi/eks's kubeconfigJson leaves the profile out, so the provider's kubeconfig is the program's own.
        const created = JSON.parse(reveal(one("pulumi:providers:kubernetes", "platform-k8s").inputs).kubeconfig);
        assert.deepEqual(created.users[0].user.exec.args.slice(-4), ["--profile", "shop-admin", "--output", "json"]);
        const kubeconfig = JSON.parse(
            execKubeconfig({ clusterName: "workshop", endpoint: "https://e", caData: "ca", region: "eu-west-1", profile: "shop-admin" }),
        );
        assert.deepEqual(kubeconfig.users[0].user.exec.args, [
            "eks",
            "get-token",
            "--cluster-name",
            "workshop",
            "--region",
            "eu-west-1",
            "--profile",
            "shop-admin",
            "--output",
            "json",
        ]);
        await runProgram({ ...existing, "aws:profile": "shop-admin" });
        const looked = JSON.parse(reveal(one("pulumi:providers:kubernetes", "platform-k8s").inputs).kubeconfig);
        assert.deepEqual(looked.users[0].user.exec.args.slice(-4), ["--profile", "shop-admin", "--output", "json"]);
    });

    it("an existing cluster that gets add-ons through Pod Identity gets the Pod Identity agent first", async () => {
        await runProgram({ ...existing, "fastapi-eks:installEbsCsiDriver": true, "fastapi-eks:installLbController": true });
        const agent = one("aws:eks/addon:Addon", "platform-pod-identity-agent");
        assert.equal(reveal(agent.inputs).addonName, "eks-pod-identity-agent");
        for (const addon of [
            one("aws:eks/addon:Addon", "platform-ebs-csi-addon"),
            one("kubernetes:helm.sh/v3:Release", "platform-lb-controller-release"),
        ]) {
            assert.ok(addon.dependencies.includes(agent.urn), `${addon.name} waits for the agent`);
        }
        await runProgram({ ...existing, "fastapi-eks:installEbsCsiDriver": true, "fastapi-eks:identityMode": "irsa" });
        assert.equal(registrations().filter((r) => r.name === "platform-pod-identity-agent").length, 0, "IRSA needs no agent");
    });

    it("clusterAdmins become cluster admins through EKS access entries, one per principal, keyed by its name", async () => {
        const admins = ["arn:aws:iam::012345678901:role/platform-admins", "arn:aws:iam::012345678901:user/alice"];
        await runProgram({ ...dev, "fastapi-eks:clusterAdmins": admins });
        const entries = reveal(one("eks:index:Cluster", "platform-cluster-eks").inputs).accessEntries;
        assert.deepEqual(Object.keys(entries).sort(), ["admin-role-platform-admins", "admin-user-alice"]);
        for (const [key, arn] of [
            ["admin-role-platform-admins", admins[0]],
            ["admin-user-alice", admins[1]],
        ]) {
            assert.deepEqual(entries[key], {
                principalArn: arn,
                // EKS's own name for the policy (EKS User Guide, "Associate access policies with access entries").
                accessPolicies: {
                    admin: {
                        policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
                        accessScope: { type: "cluster" },
                    },
                },
            });
        }
        await runProgram(dev);
        assert.deepEqual(reveal(one("eks:index:Cluster", "platform-cluster-eks").inputs).accessEntries, {}, "none by default");
    });

    for (const [mode, settings, role] of [
        ["a created Auto Mode cluster", { ...dev, "fastapi-eks:autoMode": true }, "fastapi-eks-test-auto-node"],
        [
            "an existing Auto Mode cluster, by name",
            { ...existing, "fastapi-eks:clusterName": "auto-shop", "fastapi-eks:autoMode": true },
            "auto-shop-auto-node",
        ],
        [
            "an existing Auto Mode cluster with Aurora",
            { ...existing, "fastapi-eks:clusterName": "auto-shop", "fastapi-eks:autoMode": true, "fastapi-eks:database": "aurora" },
            "auto-shop-auto-node",
        ],
    ] as const) {
        it(`${mode}: NetworkPolicies are enforced (the controller on, and every workload's pods on the pool whose NodeClass has network policy)`, async () => {
            await runProgram(settings);
            const cm = reveal(one("kubernetes:core/v1:ConfigMap", "platform-network-policy-controller").inputs);
            assert.deepEqual(
                [cm.metadata.namespace, cm.metadata.name, cm.data],
                ["kube-system", "amazon-vpc-cni", { "enable-network-policy-controller": "true" }],
            );
            const nodeClass = reveal(one("kubernetes:eks.amazonaws.com/v1:NodeClass", "platform-network-policy-node-class").inputs);
            assert.equal(nodeClass.spec.networkPolicy, "DefaultAllow");
            assert.equal(nodeClass.spec.role, role);
            assert.ok(nodeClass.spec.subnetSelectorTerms.length >= 2 && nodeClass.spec.securityGroupSelectorTerms.length === 1);
            const pool = reveal(one("kubernetes:karpenter.sh/v1:NodePool", "platform-network-policy-node-pool").inputs);
            assert.deepEqual(pool.spec.template.spec.nodeClassRef, {
                group: "eks.amazonaws.com",
                kind: "NodeClass",
                name: nodeClass.metadata.name,
            });
            // Karpenter refused template labels of the kubernetes.io domains before v1.9.0: none of those.
            const templateLabels = Object.keys(pool.spec.template.metadata?.labels ?? {});
            assert.deepEqual(
                templateLabels.filter((k) => /(^|\.)(kubernetes\.io|k8s\.io)\//.test(k)),
                [],
            );
            // Every workload's pods select that pool, so none runs where no policy is enforced (an existing cluster's
            // general-purpose pool, say): Karpenter labels each node with karpenter.sh/nodepool.
            const pods = podTemplates();
            assert.ok(pods.length >= 4, pods.map((p) => p.what).join());
            // The app's, whose image is built for one architecture, its nodes' too: the pool's (amd64).
            for (const p of pods)
                assert.deepEqual(
                    p.spec.nodeSelector,
                    {
                        "karpenter.sh/nodepool": pool.metadata.name,
                        ...(p.what.endsWith(APP_DEPLOYMENT) && { "kubernetes.io/arch": "amd64" }),
                    },
                    p.what,
                );
            // Auto Mode answers DNS from a CoreDNS service on each node, which no pod selector names: port 53, any address.
            assert.deepEqual(allowDns().egress, [
                {
                    ports: [
                        { protocol: "UDP", port: 53 },
                        { protocol: "TCP", port: 53 },
                    ],
                },
            ]);
        });
    }

    it("a cluster without Auto Mode: the pods may run on any node, the app's on any of its image's architecture", async () => {
        await runProgram(dev);
        for (const p of podTemplates())
            assert.deepEqual(p.spec.nodeSelector, p.what.endsWith(APP_DEPLOYMENT) ? { "kubernetes.io/arch": "amd64" } : undefined, p.what);
        assert.deepEqual(allowDns().egress[0].to, [
            {
                namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
                podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
            },
        ]);
    });

    it("a created Auto Mode cluster keeps only the built-in system pool, so workloads run where policies hold", async () => {
        await runProgram({ ...dev, "fastapi-eks:autoMode": true });
        assert.deepEqual(reveal(one("eks:index:Cluster", "platform-cluster-eks").inputs).autoMode, {
            enabled: true,
            createNodeRole: true,
            computeConfig: { nodePools: ["system"] },
        });
    });

    it("clusterPreviewers may read what the program manages (no Secrets) and make dry-run requests only", async () => {
        const previewer = "arn:aws:iam::012345678901:role/github-preview";
        await runProgram({ ...dev, "fastapi-eks:clusterPreviewers": [previewer] });
        const entries = reveal(one("eks:index:Cluster", "platform-cluster-eks").inputs).accessEntries;
        assert.deepEqual(entries["preview-role-github-preview"], { principalArn: previewer, kubernetesGroups: [PREVIEWER_GROUP] });
        const role = reveal(one("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", "platform-preview-access-role").inputs);
        const resources = role.rules.flatMap((r: { resources: string[] }) => r.resources);
        assert.ok(!resources.includes("secrets") && !resources.includes("*"), "no Secrets, no wildcard");
        for (const kind of ["deployments", "statefulsets", "ingresses", "storageclasses", "networkpolicies"])
            assert.ok(resources.includes(kind), kind);
        const binding = reveal(one("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding", "platform-preview-access-binding").inputs);
        assert.deepEqual(binding.subjects, [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: PREVIEWER_GROUP }]);
        const policy = reveal(
            one("kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy", "platform-preview-access-dry-run-only").inputs,
        ).spec;
        assert.match(policy.matchConditions[0].expression, new RegExp(`g == '${PREVIEWER_GROUP}'`));
        assert.equal(policy.validations[0].expression, "has(request.dryRun) && request.dryRun");
        assert.match(
            policy.matchConditions[0].expression,
            /^has\(request\.userInfo\.groups\) && /,
            "no error, and so no denial, for a request without groups",
        );
        assert.deepEqual(policy.matchConstraints.resourceRules[0].operations, ["CREATE", "UPDATE", "DELETE", "CONNECT"]);
        const policyBinding = reveal(
            one("kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding", "platform-preview-access-dry-run-only")
                .inputs,
        ).spec;
        assert.deepEqual(policyBinding.validationActions, ["Deny"]);
        await runProgram(dev);
        assert.equal(registrations().filter((r) => r.name.startsWith("platform-preview-access")).length, 0, "nothing without previewers");
    });
});
