/** The app's image under mocks: the ECR repository, the build's inputs, the digest the Deployment runs, and each config path. */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { EXAMPLE_IMAGE } from "../../config";
import { WORKSHOP_SOURCE, pinInOwnEcr, platformOf, sourceTag } from "../../components";
import { MOCK_ECR_TOKEN, invocations, mapSecrets } from "../../tools/offline/mockRuntime";
import { Registration, isSecretValue, one, ofType, registrations, resolve, reveal } from "../harness";
import { runProgram, stackSettings } from "../program";
import { tempDir } from "../scratch";

const T = {
    repository: "aws:ecr/repository:Repository",
    lifecycle: "aws:ecr/lifecyclePolicy:LifecyclePolicy",
    image: "docker-build:index:Image",
    index: "docker-build:index:Index",
    deployment: "kubernetes:apps/v1:Deployment",
};
const dev = stackSettings("dev");
const REPO_URL = "012345678901.dkr.ecr.us-east-1.amazonaws.com/bookstore-image-repository-0a1b2c3";
const deployedImage = () => reveal(one(T.deployment, "bookstore-app-deployment").inputs).spec.template.spec.containers[0].image;

describe("the app's image (under mocks)", () => {
    describe("built by the dev stack (no appImage)", () => {
        let outputs: Awaited<ReturnType<typeof runProgram>>;
        before(async () => {
            outputs = await runProgram(dev);
        });

        it("creates an ECR repository that scans on push, has immutable tags, KMS encryption and a lifecycle policy", () => {
            const repo = reveal(one(T.repository, "bookstore-image-repository").inputs);
            assert.equal(repo.imageScanningConfiguration.scanOnPush, true);
            assert.equal(repo.imageTagMutability, "IMMUTABLE");
            assert.deepEqual(repo.encryptionConfigurations, [{ encryptionType: "KMS" }]);
            assert.equal(repo.forceDelete, true, "dev does not protect data, so destroy may delete the images");
            const rules = JSON.parse(reveal(one(T.lifecycle, "bookstore-image-lifecycle").inputs).policy).rules;
            assert.deepEqual(rules[0].selection, { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 10 });
            assert.deepEqual(rules[0].action, { type: "expire" });
        });

        it("builds the workshop app at its pinned commit for the nodes' platform, and pushes it with the ECR token as a secret", () => {
            const image = one(T.image, "bookstore-image-image");
            const args = reveal(image.inputs);
            assert.equal(args.context.location, WORKSHOP_SOURCE);
            assert.match(WORKSHOP_SOURCE, /^https:\/\/github\.com\/aws-samples\/python-fastapi-demo-docker\.git#[0-9a-f]{40}$/);
            assert.equal(args.dockerfile, undefined, "a Git source's own Dockerfile, at its root");
            assert.deepEqual(args.platforms, ["linux/amd64"], "t3.medium nodes");
            assert.equal(args.push, true);
            assert.equal(args.buildOnPreview, false, "a preview needs no Docker");
            assert.deepEqual(args.tags, [`${REPO_URL}:git-fb1dc644ef4c-amd64`]);
            assert.equal(args.registries[0].address, REPO_URL);
            assert.equal(args.registries[0].password, MOCK_ECR_TOKEN);
            assert.ok(isSecretValue((image.inputs.registries as any[])[0].password), "the registry password is a secret");
        });

        it("the ECR token appears nowhere outside a secret: no input, no output", async () => {
            assert.ok(registrations().length > 30);
            for (const r of registrations()) {
                // What is left once every secret is blanked out, as the plan does before it writes anything.
                assert.ok(
                    !JSON.stringify(mapSecrets(r.inputs, () => null)).includes(MOCK_ECR_TOKEN),
                    `${r.type} ${r.name} holds the token in plain text`,
                );
            }
            for (const [name, out] of Object.entries(outputs)) {
                const { value, secret } = await resolve(out);
                if (!secret) assert.ok(!JSON.stringify(value ?? "").includes(MOCK_ECR_TOKEN), `output ${name}`);
            }
        });

        it("deploys the pushed image by digest, and exports it", async () => {
            const digest = reveal(one(T.image, "bookstore-image-image").inputs) && (await resolve(outputs.appImageRef)).value;
            assert.match(String(digest), new RegExp(`^${REPO_URL.replace(/\./g, "\\.")}@sha256:[0-9a-f]{64}$`));
            assert.equal(deployedImage(), digest);
            assert.equal((await resolve(outputs.imageRepositoryUrl)).value, REPO_URL);
        });
    });

    it("protectData keeps the repository from being deleted with its images", async () => {
        await runProgram({ ...dev, "fastapi-eks:protectData": "true" });
        assert.equal(reveal(one(T.repository, "bookstore-image-repository").inputs).forceDelete, false);
    });

    it("builds for arm64 on Graviton nodes; appImagesKept sets the lifecycle", async () => {
        await runProgram({ ...dev, "fastapi-eks:nodeInstanceType": "m7g.large", "fastapi-eks:appImagesKept": "25" });
        assert.deepEqual(reveal(one(T.image, "bookstore-image-image").inputs).platforms, ["linux/arm64"]);
        assert.equal(JSON.parse(reveal(one(T.lifecycle, "bookstore-image-lifecycle").inputs).policy).rules[0].selection.countNumber, 25);
        assert.deepEqual(
            ["t3.medium", "m6i.large", "g5.xlarge", "m7i-flex.large", "a1.large", "t4g.small", "c7gn.large", "r8gd.xlarge"].map(platformOf),
            ["linux/amd64", "linux/amd64", "linux/amd64", "linux/amd64", "linux/arm64", "linux/arm64", "linux/arm64", "linux/arm64"],
        );
    });

    it("builds a local directory, tagged by its content, with its Dockerfile", async () => {
        const dir = tempDir("src");
        try {
            fs.mkdirSync(path.join(dir, "docker"));
            fs.writeFileSync(path.join(dir, "docker", "Dockerfile"), "FROM python:3.12-slim\n");
            fs.writeFileSync(path.join(dir, "main.py"), "print('hi')\n");
            await runProgram({ ...dev, "fastapi-eks:appSource": dir, "fastapi-eks:appDockerfile": "docker/Dockerfile" });
            const args = reveal(one(T.image, "bookstore-image-image").inputs);
            assert.equal(args.context.location, dir);
            assert.equal(args.dockerfile.location, path.join(dir, "docker", "Dockerfile"));
            const tag = sourceTag({ kind: "dir", location: dir }, "docker/Dockerfile");
            assert.deepEqual(args.tags, [`${REPO_URL}:${tag}-amd64`]);
            assert.match(tag, /^src-[0-9a-f]{12}$/);
            fs.writeFileSync(path.join(dir, "main.py"), "print('changed')\n");
            assert.notEqual(sourceTag({ kind: "dir", location: dir }, "docker/Dockerfile"), tag, "changed source, a new immutable tag");
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    describe("appImage, built elsewhere", () => {
        const lookups = (from: number) => invocations.slice(from).filter((i) => i.token === "aws:ecr/getImage:getImage");

        it("in the stack's own ECR: looked up at preview, then copied by digest into the stack's own repository; nothing is built", async () => {
            const from = invocations.length;
            await runProgram({ ...dev, "fastapi-eks:appImage": EXAMPLE_IMAGE }, {}, true);
            assert.deepEqual(
                lookups(from).map((i) => i.inputs),
                [{ registryId: "012345678901", repositoryName: "fastapi-microservices", imageTag: "1.0" }],
            );
            assert.equal(ofType(T.image).length, 0, "nothing is built");
            const copy = reveal(one(T.index, "bookstore-image-copy").inputs);
            assert.equal(copy.sources.length, 1);
            const [, digest] = copy.sources[0].split("@");
            assert.match(copy.sources[0], /^012345678901\.dkr\.ecr\.us-east-1\.amazonaws\.com\/fastapi-microservices@sha256:[0-9a-f]{64}$/);
            assert.match(copy.tag, new RegExp(`^${REPO_URL.replace(/\./g, "\\.")}:copy-[0-9a-f]{12}$`));
            // From one source, imagetools create copies an image index byte for byte (docker/buildx util/imagetools/
            // create.go, Combine), so the mock's copy keeps the digest; the stack deploys the copy's, from its own repository.
            assert.equal(deployedImage(), `${REPO_URL}@${digest}`);
        });
        it("missing from the stack's own ECR: the preview fails, saying so and how to fix it", async () => {
            // The lookup alone: under mocks a Deployment waiting on a failed output would wait forever.
            await assert.rejects(
                pinInOwnEcr("012345678901.dkr.ecr.us-east-1.amazonaws.com/fastapi-microservices:missing", "012345678901"),
                /appImage 012345678901\.dkr\.ecr\.us-east-1\.amazonaws\.com\/fastapi-microservices:missing is not in ECR \(repository fastapi-microservices, tag missing\): push it, or let the program build it: pulumi config rm appImage/,
            );
        });

        it("dev's image, for prod (another account or region too): copied, so the stack never depends on the repository it came from", async () => {
            const devImage = `210987654321.dkr.ecr.eu-west-1.amazonaws.com/bookstore-image-repository-9f8e7d6@sha256:${"ab".repeat(32)}`;
            const from = invocations.length;
            await runProgram({ ...dev, "fastapi-eks:appImage": devImage }, {}, true);
            assert.equal(lookups(from).length, 0, "another account's repository is not looked up");
            assert.deepEqual(reveal(one(T.index, "bookstore-image-copy").inputs).sources, [devImage]);
            assert.equal(deployedImage(), `${REPO_URL}@sha256:${"ab".repeat(32)}`);
            // Both registries' credentials, each from its own region, as secrets.
            const tokens = invocations
                .slice(from)
                .filter((i) => i.token === "aws:ecr/getAuthorizationToken:getAuthorizationToken")
                .map((i) => i.inputs);
            assert.ok(
                tokens.some((t) => t.registryId === "210987654321" && t.region === "eu-west-1"),
                JSON.stringify(tokens),
            );
            const registries = one("pulumi:providers:docker-build", "bookstore-image-registries");
            const listed = JSON.parse(String(reveal(registries.inputs).registries));
            assert.deepEqual(listed.map((r: { address: string }) => r.address).sort(), [
                "012345678901.dkr.ecr.us-east-1.amazonaws.com",
                "210987654321.dkr.ecr.eu-west-1.amazonaws.com",
            ]);
            assert.equal(one(T.index, "bookstore-image-copy").provider.split("::")[3], "bookstore-image-registries");
            for (const r of registrations())
                assert.ok(
                    !JSON.stringify(mapSecrets(r.inputs, () => null)).includes(MOCK_ECR_TOKEN),
                    `${r.type} ${r.name} holds a token in plain text`,
                );
        });

        it("from another registry: deployed as given, with no repository of the stack's, on nodes of any architecture", async () => {
            await runProgram({ ...dev, "fastapi-eks:appImage": "public.ecr.aws/acme/shop:2.0" });
            assert.equal(deployedImage(), "public.ecr.aws/acme/shop:2.0");
            assert.equal(ofType(T.repository).length + ofType(T.index).length, 0);
            // Its platforms are its own (one, or several): the program pins only the architecture it built for.
            assert.equal(reveal(one(T.deployment, "bookstore-app-deployment").inputs).spec.template.spec.nodeSelector, undefined);
        });
    });

    it("the deployment waits for the pushed image", async () => {
        await runProgram(dev);
        const image: Registration = one(T.image, "bookstore-image-image");
        assert.ok(one(T.deployment, "bookstore-app-deployment").dependencies.includes(image.urn));
    });
});
