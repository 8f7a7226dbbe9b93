/** The cluster modes under mocks: what each creates, what it must not, and the add-ons' key inputs. */
import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as eks from "@pulumi/eks";
import {
    MOCK_EBS_ADDON_VERSION,
    MOCK_OIDC_ISSUER,
    MOCK_OIDC_PROVIDER_ARN,
    Registration,
    eksClusterState,
    isSecretValue,
    one,
    ofType,
    reveal,
} from "../harness";
import { runProgram, stackSettings } from "../program";

const T = {
    cluster: "eks:index:Cluster",
    nodeGroup: "eks:index:ManagedNodeGroup",
    addon: "aws:eks/addon:Addon",
    association: "aws:eks/podIdentityAssociation:PodIdentityAssociation",
    role: "aws:iam/role:Role",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    policy: "aws:iam/policy:Policy",
    release: "kubernetes:helm.sh/v3:Release",
    subnet: "aws:ec2/subnet:Subnet",
    nat: "aws:ec2/natGateway:NatGateway",
    vpc: "aws:ec2/vpc:Vpc",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    storageClass: "kubernetes:storage.k8s.io/v1:StorageClass",
    ingressClass: "kubernetes:networking.k8s.io/v1:IngressClass",
    ingressClassParams: "kubernetes:eks.amazonaws.com/v1:IngressClassParams",
    provider: "pulumi:providers:kubernetes",
};
const dev = stackSettings("dev");
const addon = (name: string) => ofType(T.addon).find((r) => r.inputs.addonName === name);
const trustOf = (r: Registration) => JSON.parse(reveal(r.inputs).assumeRolePolicy);
const roleNamed = (name: string) => one(T.role, name);

describe("create mode (the dev stack)", () => {
    before(async () => {
        await runProgram(dev);
    });

    it("creates a VPC with public and private subnets in 2 zones, tagged for ALB discovery, and one NAT gateway", () => {
        one(T.vpc, "platform-network-vpc");
        const subnets = ofType(T.subnet).map((r) => reveal(r.inputs));
        const pub = subnets.filter((s) => s.tags["kubernetes.io/role/elb"] === "1");
        const priv = subnets.filter((s) => s.tags["kubernetes.io/role/internal-elb"] === "1");
        assert.equal(pub.length, 2);
        assert.equal(priv.length, 2);
        assert.deepEqual(
            pub.map((s) => s.availabilityZone),
            ["us-east-1a", "us-east-1b"],
        );
        assert.deepEqual(
            priv.map((s) => s.availabilityZone),
            ["us-east-1a", "us-east-1b"],
        );
        for (const s of subnets) assert.equal(s.tags["kubernetes.io/cluster/fastapi-eks-test"], "shared");
        assert.ok(pub.every((s) => s.mapPublicIpOnLaunch === false));
        assert.equal(ofType(T.nat).length, 1);
    });

    it("creates the EKS cluster: API authentication, version 1.35, all control-plane logs kept 30 days, network policy on", () => {
        const c = reveal(one(T.cluster, "platform-cluster-eks").inputs);
        assert.equal(c.name, "fastapi-eks-test");
        assert.equal(c.version, "1.35");
        assert.equal(c.authenticationMode, "API");
        assert.equal(c.skipDefaultNodeGroup, true);
        assert.equal(c.createOidcProvider, true);
        assert.deepEqual(c.enabledClusterLogTypes, ["api", "audit", "authenticator", "controllerManager", "scheduler"]);
        assert.equal(c.vpcCniOptions.enableNetworkPolicy, true);
        assert.equal(c.vpcId, "platform-network-vpc-id");
        assert.deepEqual(c.privateSubnetIds, ["platform-network-private-0-id", "platform-network-private-1-id"]);
        assert.deepEqual(c.publicSubnetIds, ["platform-network-public-0-id", "platform-network-public-1-id"]);
        const logs = reveal(one(T.logGroup, "platform-cluster-logs").inputs);
        assert.deepEqual(logs, { name: "/aws/eks/fastapi-eks-test/cluster", retentionInDays: 30 });
        assert.ok(one(T.cluster, "platform-cluster-eks").dependencies.includes(one(T.logGroup, "platform-cluster-logs").urn));
    });

    it("creates a managed node group of 2 x t3.medium in the private subnets", () => {
        const ng = reveal(one(T.nodeGroup, "platform-cluster-nodes").inputs);
        assert.deepEqual(ng.instanceTypes, ["t3.medium"]);
        assert.deepEqual(ng.scalingConfig, { desiredSize: 2, minSize: 2, maxSize: 4 });
        assert.deepEqual(ng.subnetIds, ["platform-network-private-0-id", "platform-network-private-1-id"]);
        const nodePolicies = ofType(T.attachment)
            .filter((r) => r.name.startsWith("platform-cluster-node-"))
            .map((r) => reveal(r.inputs).policyArn)
            .sort();
        assert.deepEqual(nodePolicies, [
            "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
            "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
            "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
        ]);
    });

    it("installs the EBS CSI add-on, version resolved for the cluster, with Pod Identity and AmazonEBSCSIDriverPolicy", () => {
        assert.ok(addon("eks-pod-identity-agent"), "the Pod Identity agent add-on");
        const ebs = reveal(addon("aws-ebs-csi-driver")!.inputs);
        assert.equal(ebs.clusterName, "fastapi-eks-test");
        assert.equal(ebs.addonVersion, MOCK_EBS_ADDON_VERSION);
        assert.equal(ebs.serviceAccountRoleArn, undefined);
        const assoc = reveal(one(T.association, "platform-ebs-csi-pod-identity").inputs);
        assert.deepEqual([assoc.namespace, assoc.serviceAccount], ["kube-system", "ebs-csi-controller-sa"]);
        assert.equal(assoc.roleArn, "arn:aws:iam::012345678901:role/platform-ebs-csi-role");
        assert.equal(
            reveal(one(T.attachment, "platform-ebs-csi-policy-0").inputs).policyArn,
            "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy",
        );
        assert.deepEqual(trustOf(roleNamed("platform-ebs-csi-role")).Statement[0].Principal, { Service: "pods.eks.amazonaws.com" });
    });

    it("installs the Load Balancer Controller chart 3.5.0 from eks-charts with the required values", () => {
        const rel = reveal(one(T.release, "platform-lb-controller-release").inputs);
        assert.equal(rel.chart, "aws-load-balancer-controller");
        assert.equal(rel.version, "3.5.0");
        assert.equal(rel.repositoryOpts.repo, "https://aws.github.io/eks-charts");
        assert.equal(rel.namespace, "kube-system");
        assert.deepEqual(rel.values, {
            clusterName: "fastapi-eks-test",
            region: "us-east-1",
            vpcId: "platform-network-vpc-id",
            replicaCount: 2,
            serviceAccount: { create: true, name: "aws-load-balancer-controller", annotations: {} },
            podDisruptionBudget: { maxUnavailable: 1 },
            enableServiceMutatorWebhook: false,
            keepTLSSecret: true,
            defaultSSLPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
        });
        const assoc = reveal(one(T.association, "platform-lb-controller-pod-identity").inputs);
        assert.deepEqual([assoc.namespace, assoc.serviceAccount], ["kube-system", "aws-load-balancer-controller"]);
        const policy = JSON.parse(reveal(one(T.policy, "platform-lb-controller-policy").inputs).policy);
        assert.equal(policy.Statement.length, 16);
    });

    it("points the Kubernetes provider at the new cluster, with its kubeconfig as a secret", () => {
        const p = one(T.provider, "platform-k8s").inputs;
        assert.ok(isSecretValue(p.kubeconfig));
        assert.equal(JSON.parse(reveal(p.kubeconfig)).clusters[0].cluster["certificate-authority-data"].length > 0, true);
    });

    it("the eks.Cluster mock returns only outputs the real components have", () => {
        // Probes, constructed only to list the SDK's declared outputs (their registrations are not inspected).
        const cluster = new eks.Cluster("shape-probe", { name: "probe" });
        const awsCluster = new aws.eks.Cluster("shape-probe", { roleArn: "arn", vpcConfig: { subnetIds: [] } });
        const state = eksClusterState({ name: "probe", version: "1.35" });
        for (const key of Object.keys(state)) assert.ok(key in cluster, `eks.Cluster has an output ${key}`);
        for (const key of Object.keys(state.eksCluster as object)) assert.ok(key in awsCluster, `aws.eks.Cluster has an output ${key}`);
    });
});

describe("other networks and identities", () => {
    it("natGatewayPerAz and 3 zones: 3 public, 3 private subnets and 3 NAT gateways", async () => {
        await runProgram({ ...dev, "fastapi-eks:natGatewayPerAz": "true", "fastapi-eks:availabilityZoneCount": "3" });
        assert.equal(ofType(T.subnet).length, 6);
        assert.equal(ofType(T.nat).length, 3);
    });

    it("an existing VPC: no network is created and the cluster uses the given subnets", async () => {
        await runProgram({
            ...dev,
            "fastapi-eks:vpcId": "vpc-0123456789abcdef0",
            "fastapi-eks:publicSubnetIds": ["subnet-00000000000000001", "subnet-00000000000000002"],
            "fastapi-eks:privateSubnetIds": ["subnet-00000000000000003", "subnet-00000000000000004"],
        });
        assert.equal(ofType(T.vpc).length, 0);
        assert.equal(ofType(T.subnet).length, 0);
        const c = reveal(one(T.cluster, "platform-cluster-eks").inputs);
        assert.equal(c.vpcId, "vpc-0123456789abcdef0");
        assert.deepEqual(c.privateSubnetIds, ["subnet-00000000000000003", "subnet-00000000000000004"]);
        assert.equal(reveal(one(T.release, "platform-lb-controller-release").inputs).values.vpcId, "vpc-0123456789abcdef0");
    });

    it("IRSA: trust policies scoped to each service account by sub and aud, no Pod Identity", async () => {
        await runProgram({ ...dev, "fastapi-eks:identityMode": "irsa" });
        assert.equal(ofType(T.association).length, 0);
        assert.equal(addon("eks-pod-identity-agent"), undefined);
        for (const [role, sa] of [
            ["platform-ebs-csi-role", "ebs-csi-controller-sa"],
            ["platform-lb-controller-role", "aws-load-balancer-controller"],
        ]) {
            const st = trustOf(roleNamed(role)).Statement[0];
            assert.deepEqual(st.Principal, { Federated: MOCK_OIDC_PROVIDER_ARN });
            assert.equal(st.Action, "sts:AssumeRoleWithWebIdentity");
            assert.deepEqual(st.Condition.StringEquals, {
                [`${MOCK_OIDC_ISSUER}:sub`]: `system:serviceaccount:kube-system:${sa}`,
                [`${MOCK_OIDC_ISSUER}:aud`]: "sts.amazonaws.com",
            });
        }
        assert.equal(
            reveal(addon("aws-ebs-csi-driver")!.inputs).serviceAccountRoleArn,
            "arn:aws:iam::012345678901:role/platform-ebs-csi-role",
        );
        const values = reveal(one(T.release, "platform-lb-controller-release").inputs).values;
        assert.deepEqual(values.serviceAccount.annotations, {
            "eks.amazonaws.com/role-arn": "arn:aws:iam::012345678901:role/platform-lb-controller-role",
        });
    });

    it("a pinned EBS add-on version is used as given", async () => {
        await runProgram({ ...dev, "fastapi-eks:ebsCsiDriverVersion": "v1.50.1-eksbuild.1" });
        assert.equal(reveal(addon("aws-ebs-csi-driver")!.inputs).addonVersion, "v1.50.1-eksbuild.1");
    });
});

describe("EKS Auto Mode", () => {
    before(async () => {
        await runProgram({ ...dev, "fastapi-eks:autoMode": "true" });
    });

    it("turns Auto Mode on and creates no node group, EBS add-on or controller", () => {
        assert.equal(reveal(one(T.cluster, "platform-cluster-eks").inputs).autoMode.enabled, true);
        assert.equal(ofType(T.nodeGroup).length, 0);
        // Only metrics-server, which Auto Mode does not bring (EKS User Guide, "Community add-ons").
        assert.deepEqual(
            ofType(T.addon).map((r) => r.inputs.addonName),
            ["metrics-server"],
        );
        assert.equal(ofType(T.release).length, 0);
        // Auto Mode has the Pod Identity agent built in: only the backup jobs' own associations.
        assert.deepEqual(
            ofType(T.association)
                .map((r) => r.inputs.serviceAccount)
                .sort(),
            ["db-backup", "db-restore"],
        );
    });

    it("gives the cluster only the private subnets, where its built-in system pool launches nodes", () => {
        // pulumi-eks nodejs/eks/cluster/cluster.ts: the cluster's subnets are publicSubnetIds and privateSubnetIds together,
        // and Auto Mode's built-in pools use the cluster's subnets (EKS User Guide, automode/wip/eksctl-docs.adoc).
        const c = reveal(one(T.cluster, "platform-cluster-eks").inputs);
        assert.equal(c.publicSubnetIds, undefined);
        assert.deepEqual(c.privateSubnetIds, ["platform-network-private-0-id", "platform-network-private-1-id"]);
        // Its load balancers still find the public subnets, by their tag.
        const tagged = ofType(T.subnet).filter((r) => reveal(r.inputs).tags["kubernetes.io/role/elb"] === "1");
        assert.equal(tagged.length, 2);
    });

    it("creates the IngressClass alb for Auto Mode's controller, its IngressClassParams, and an Auto Mode StorageClass", () => {
        const ic = reveal(one(T.ingressClass, "platform-auto-mode-ingress-class").inputs);
        assert.equal(ic.metadata.name, "alb");
        assert.equal(ic.spec.controller, "eks.amazonaws.com/alb");
        assert.deepEqual(ic.spec.parameters, { apiGroup: "eks.amazonaws.com", kind: "IngressClassParams", name: "alb" });
        const params = reveal(one(T.ingressClassParams, "platform-auto-mode-ingress-class-params").inputs);
        assert.equal(params.spec.scheme, "internet-facing");
        const sc = reveal(one(T.storageClass, "bookstore-db-storage-class").inputs);
        assert.equal(sc.provisioner, "ebs.csi.eks.amazonaws.com");
        assert.deepEqual(sc.parameters, { type: "gp3", encrypted: "true" });
    });

    it("the app's Ingress waits for the IngressClass", () => {
        const ingress = one("kubernetes:networking.k8s.io/v1:Ingress", "bookstore-app-ingress");
        assert.ok(ingress.dependencies.includes(one(T.ingressClass, "platform-auto-mode-ingress-class").urn));
    });
});
