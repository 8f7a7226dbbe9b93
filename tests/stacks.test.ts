/** The stack files: each evaluates under mocks, and prod differs from dev where a production stack should. */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { one, ofType, registrations, resolve, reveal } from "./harness";
import { EXAMPLES, ProgramOutputs, ROOT, planHere, runProgram, stackSettings } from "./program";
import { tempDir } from "./scratch";

interface Snapshot {
    outputs: ProgramOutputs;
    replicas: number;
    appProtected: boolean;
    dataProtected: boolean;
    pdbs: number;
    zones: string[];
    natGateways: number;
    nodes: { instanceTypes: string[]; amiType: string; scalingConfig: Record<string, number> };
    annotations: Record<string, string>;
    storage: string;
}

async function snapshot(stack: string): Promise<Snapshot> {
    const outputs = await runProgram(stackSettings(stack));
    assert.ok(registrations().length > 40, `the ${stack} stack registers its resources`);
    const privateSubnets = ofType("aws:ec2/subnet:Subnet")
        .map((r) => reveal(r.inputs))
        .filter((s) => s.tags["kubernetes.io/role/internal-elb"]);
    return {
        outputs,
        replicas: reveal(one("kubernetes:apps/v1:Deployment", "bookstore-app-deployment").inputs).spec.replicas,
        appProtected: one("kubernetes:apps/v1:Deployment", "bookstore-app-deployment").protect,
        dataProtected: one("kubernetes:apps/v1:StatefulSet", "bookstore-db-statefulset").protect,
        pdbs: ofType("kubernetes:policy/v1:PodDisruptionBudget").length,
        zones: privateSubnets.map((s) => s.availabilityZone),
        natGateways: ofType("aws:ec2/natGateway:NatGateway").length,
        nodes: reveal(one("eks:index:ManagedNodeGroup", "platform-cluster-nodes").inputs),
        annotations: reveal(one("kubernetes:networking.k8s.io/v1:Ingress", "bookstore-app-ingress").inputs).metadata.annotations,
        storage: reveal(one("kubernetes:apps/v1:StatefulSet", "bookstore-db-statefulset").inputs).spec.volumeClaimTemplates[0].spec
            .resources.requests.storage,
    };
}

describe("stacks", () => {
    let dev: Snapshot;
    let prod: Snapshot;
    before(async () => {
        dev = await snapshot("dev");
        prod = await snapshot("prod");
    });

    it("dev: the workshop's size, one replica, plain HTTP, data not protected", async () => {
        assert.equal(dev.replicas, 1);
        assert.equal(dev.pdbs, 0);
        assert.equal(dev.dataProtected, false);
        assert.deepEqual([dev.nodes.instanceTypes, dev.nodes.amiType], [["t3.medium"], "AL2023_x86_64_STANDARD"]);
        assert.equal(dev.natGateways, 1);
        assert.equal(dev.annotations["alb.ingress.kubernetes.io/certificate-arn"], undefined);
        assert.match((await resolve(dev.outputs.url)).value as string, /^http:\/\//);
    });

    it("prod: at least 2 replicas with a PodDisruptionBudget, and its data protected", () => {
        assert.ok(prod.replicas >= 2);
        assert.equal(prod.pdbs, 1);
        assert.equal(prod.dataProtected, true);
        assert.equal(prod.appProtected, false, "only what holds data is protected");
        assert.equal(prod.storage, "20Gi");
    });

    it("prod: HTTPS with a redirect from HTTP", async () => {
        assert.match(prod.annotations["alb.ingress.kubernetes.io/certificate-arn"], /^arn:aws:acm:/);
        assert.equal(prod.annotations["alb.ingress.kubernetes.io/ssl-redirect"], "443");
        // The certificate covers the site's name, not the ALB's, so the url names the site.
        assert.equal((await resolve(prod.outputs.url)).value, "https://shop.example.com/");
    });

    it("prod: bigger nodes, spread over at least 2 zones, with a NAT gateway in each", () => {
        assert.deepEqual(prod.nodes.instanceTypes, ["m6i.large"]);
        assert.ok(prod.nodes.scalingConfig.minSize >= 2);
        assert.ok(new Set(prod.zones).size >= 2);
        assert.equal(prod.natGateways, prod.zones.length);
        assert.ok(prod.zones.length > dev.zones.length);
    });
});

describe("every documented mode is a stack that plans through the CLI's config step", () => {
    const examples = fs
        .readdirSync(EXAMPLES)
        .filter((f) => /^Pulumi\..+\.yaml$/.test(f))
        .map((f) => f.slice("Pulumi.".length, -".yaml".length));
    /** What marks each mode in the registrations. */
    const expected: Record<string, () => void> = {
        "auto-mode": () => {
            assert.equal(reveal(one("eks:index:Cluster", "platform-cluster-eks").inputs).autoMode.enabled, true);
            assert.equal(ofType("eks:index:ManagedNodeGroup").length, 0);
        },
        "existing-vpc": () => {
            assert.equal(ofType("aws:ec2/vpc:Vpc").length, 0);
            assert.equal(reveal(one("eks:index:Cluster", "platform-cluster-eks").inputs).vpcId, "vpc-0123456789abcdef0");
        },
        local: () => {
            assert.equal(registrations().filter((r) => r.type.startsWith("aws:")).length, 0);
            assert.equal(
                reveal(one("kubernetes:networking.k8s.io/v1:Ingress", "bookstore-app-ingress").inputs).spec.ingressClassName,
                "traefik",
            );
        },
        "lean-dev": () => {
            const nodes = reveal(one("eks:index:ManagedNodeGroup", "platform-cluster-nodes").inputs);
            assert.deepEqual(nodes.instanceTypes, ["t4g.medium"]);
            assert.deepEqual([nodes.scalingConfig.minSize, nodes.scalingConfig.desiredSize], [1, 1]);
            assert.equal(ofType("aws:ec2/natGateway:NatGateway").length, 1);
            // Graviton nodes, with the arm64 AMI EKS would not choose by itself, and the image built for them.
            assert.equal(nodes.amiType, "AL2023_ARM_64_STANDARD");
            assert.deepEqual(reveal(one("docker-build:index:Image", "bookstore-image-image").inputs).platforms, ["linux/arm64"]);
        },
        "existing-cluster": () => {
            assert.equal(ofType("eks:index:Cluster").length, 0);
            one("aws:eks/addon:Addon", "platform-ebs-csi-addon");
            one("kubernetes:helm.sh/v3:Release", "platform-lb-controller-release");
        },
        kubeconfig: () => {
            assert.equal(ofType("eks:index:Cluster").length + ofType("aws:eks/addon:Addon").length, 0);
            assert.equal(
                reveal(one("pulumi:providers:kubernetes", "platform-k8s").inputs).context,
                "arn:aws:eks:us-east-1:012345678901:cluster/workshop",
            );
        },
    };

    it("stacks/ holds one example per mode besides dev and prod (a laptop's cluster among them), and the lean dev stack", () => {
        assert.deepEqual(examples.sort(), Object.keys(expected).sort());
    });

    for (const stack of ["dev", "prod", ...Object.keys(expected)]) {
        it(`${stack}: npm run plan accepts it, and the program builds the mode's resources`, async () => {
            const file = fs.existsSync(path.join(ROOT, `Pulumi.${stack}.yaml`))
                ? []
                : ["--stack-file", path.join(EXAMPLES, `Pulumi.${stack}.yaml`)];
            const out = tempDir("stack");
            const result = await planHere([stack, ...file, "--out", path.join(out, "plan")]);
            fs.rmSync(out, { recursive: true, force: true });
            assert.equal(result.status, 0, result.stderr);
            // The plan's own run of the program, through the CLI's config step, is what the registrations now hold.
            one("kubernetes:apps/v1:Deployment", "bookstore-app-deployment");
            expected[stack]?.();
        });
    }
});
