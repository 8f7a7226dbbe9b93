import { createHash } from "node:crypto";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as dockerBuild from "@pulumi/docker-build";
import { ImagePlatform, archOf, named, parseImage, throwIfProblems } from "../shared";
import { AppSource, WORKSHOP_SOURCE, checkDockerfilePath, ecrLocation, parseSource, sourceTag } from "./source";

/** The app's repository in a laptop's registry. */
export const LOCAL_REPOSITORY = "bookstore";

export interface AppImageArgs {
    /**
     * An image built elsewhere, pinned; nothing is built. From ECR (in the stack's own account it is looked up at
     * preview), it is copied into the stack's own repository, digest and all; from another registry, deployed as
     * given. Default: build one.
     */
    image?: string;
    /** What to build: a Git URL pinned to a commit (`https://...git#<commit>`) or a local directory. Default: the workshop app at commit fb1dc64. */
    source?: string;
    /** The Dockerfile's path inside the source. Default `Dockerfile`. */
    dockerfile?: string;
    /** Copy an `image` from ECR into the stack's own repository. Default true; false deploys it as given. */
    copyFromEcr?: boolean;
    /** The nodes' platform. Default `linux/amd64`. */
    platform?: ImagePlatform;
    /** Images the ECR repository keeps; older ones expire. Default 10. */
    imagesKept?: number;
    /** Let `pulumi destroy` delete the repository with its images. Default false. */
    forceDelete?: boolean;
    /** The stack's AWS region, to tell its own ECR from another's. Default: none, so `image` is taken as it is. */
    region?: string;
    /** Directory a relative `source` is resolved against. Default: the working directory. */
    cwd?: string;
    /**
     * Build into the registry beside a laptop's cluster (`host:port`, which the laptop pushes to and the nodes pull
     * from), instead of ECR: no AWS at all. Default none.
     */
    localRegistry?: string;
}

export const APP_IMAGE_DEFAULTS = {
    source: WORKSHOP_SOURCE,
    dockerfile: "Dockerfile",
    platform: "linux/amd64",
    imagesKept: 10,
    forceDelete: false,
} as const;

function checkDockerfile(dockerfile: string, source: AppSource | string | undefined): string | undefined {
    const outside = checkDockerfilePath(dockerfile);
    if (outside) return outside;
    if (typeof source === "object" && source.kind === "git" && dockerfile !== APP_IMAGE_DEFAULTS.dockerfile) {
        return `"${dockerfile}": a Git source's Dockerfile must be the context's own; point the source at its folder with #<commit>:<folder>`;
    }
    return undefined;
}

/** An image tag for one platform: `git-<commit>-amd64`, `src-<hash>-arm64`. */
export function platformTag(tag: string, platform: ImagePlatform): string {
    return `${tag}-${archOf(platform)}`;
}

/** The tag of a copied image: from the source reference, which names one image (a digest, or an immutable tag). */
export function copyTag(source: string): string {
    return `copy-${createHash("sha256").update(source).digest("hex").slice(0, 12)}`;
}

/** ECR lifecycle policy: expire all but the newest `kept` images (ECR User Guide, "Lifecycle policies"). */
export function lifecyclePolicy(kept: number): string {
    return JSON.stringify({
        rules: [
            {
                rulePriority: 1,
                description: `keep the newest ${kept} images`,
                selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: kept },
                action: { type: "expire" },
            },
        ],
    });
}

/**
 * The app's image, by digest, from an ECR repository of the stack's own (scan
 * on push, immutable tags, KMS encryption, a lifecycle policy): built from
 * source with BuildKit, or copied from the ECR image it is given (checked at
 * preview when it is in the stack's own account). An image from another
 * registry is deployed as given.
 */
export class AppImage extends pulumi.ComponentResource {
    /** `<repository>@sha256:<digest>` in the stack's repository, or the given image when it is not from ECR. */
    public readonly ref: pulumi.Output<string>;
    /** The stack's ECR repository's URL, unless the image comes from another registry. */
    public readonly repositoryUrl?: pulumi.Output<string>;
    /** The platform the image is built for; undefined for an image given, whose platforms are its own. */
    public readonly platform?: ImagePlatform;

    constructor(name: string, args: AppImageArgs, opts?: pulumi.ComponentResourceOptions) {
        const d = APP_IMAGE_DEFAULTS;
        const dockerfile = args.dockerfile ?? d.dockerfile;
        const imagesKept = args.imagesKept ?? d.imagesKept;
        const source = args.image === undefined ? parseSource(args.source ?? d.source, args.cwd ?? process.cwd()) : undefined;
        // The keys' own formats are checked by their declarations (config/workloadKeys.ts); a source that cannot be
        // parsed, and a Dockerfile its kind of source cannot have, are what those cannot say.
        throwIfProblems(`AppImage "${name}"`, [
            named("source", typeof source === "string" ? source : undefined),
            named("dockerfile", checkDockerfile(dockerfile, source)),
        ]);
        super("fastapi-eks:image:AppImage", name, {}, opts);

        if (args.image === undefined) this.platform = args.platform ?? d.platform;
        if (args.localRegistry !== undefined && args.image === undefined) {
            this.ref = this.buildInto(name, `${args.localRegistry}/${LOCAL_REPOSITORY}`, source as AppSource, dockerfile, this.platform);
            this.registerOutputs({ ref: this.ref });
            return;
        }
        const givenEcr =
            args.image === undefined || !(args.copyFromEcr ?? true) ? undefined : ecrLocation(parseImage(args.image)?.name ?? "");
        if (args.image !== undefined && givenEcr === undefined) {
            // Another registry's image (Docker Hub, ECR Public, GHCR), or one not to copy: deployed as given.
            this.ref = this.lookUp(args.image, args.region);
            this.registerOutputs({ ref: this.ref });
            return;
        }
        const repo = new aws.ecr.Repository(
            `${name}-repository`,
            {
                imageScanningConfiguration: { scanOnPush: true },
                imageTagMutability: "IMMUTABLE",
                encryptionConfigurations: [{ encryptionType: "KMS" }],
                forceDelete: args.forceDelete ?? d.forceDelete,
            },
            { parent: this },
        );
        new aws.ecr.LifecyclePolicy(`${name}-lifecycle`, { repository: repo.name, policy: lifecyclePolicy(imagesKept) }, { parent: this });
        // A short-lived token (12 hours), kept secret: it is the registry's password.
        const token = aws.ecr.getAuthorizationTokenOutput({ registryId: repo.registryId }, { parent: this });
        const own = {
            address: repo.repositoryUrl.apply((url) => url.split("/")[0]),
            username: token.userName,
            password: pulumi.secret(token.password),
        };
        this.repositoryUrl = repo.repositoryUrl;
        if (args.image !== undefined && givenEcr !== undefined) {
            this.ref = this.copy(name, args.image, givenEcr, own, repo.repositoryUrl, args.region);
            this.registerOutputs({ ref: this.ref, repositoryUrl: this.repositoryUrl });
            return;
        }
        this.ref = this.buildInto(name, repo.repositoryUrl, source as AppSource, dockerfile, this.platform, [
            { address: repo.repositoryUrl, username: token.userName, password: pulumi.secret(token.password) },
        ]);
        this.registerOutputs({ ref: this.ref, repositoryUrl: this.repositoryUrl });
    }

    /** The app built from source with BuildKit and pushed to `repository` (with the registries' credentials, if any), by digest. */
    private buildInto(
        name: string,
        repository: pulumi.Input<string>,
        from: AppSource,
        dockerfile: string,
        platform: ImagePlatform = APP_IMAGE_DEFAULTS.platform,
        registries?: dockerBuild.types.input.RegistryArgs[],
    ): pulumi.Output<string> {
        const image = new dockerBuild.Image(
            `${name}-image`,
            {
                context: { location: from.location },
                // BuildKit reads a Git source's Dockerfile from the context's root; a local one may be anywhere in it.
                dockerfile: from.kind === "dir" ? { location: path.join(from.location, dockerfile) } : undefined,
                platforms: [platform],
                // One tag per source and platform: ECR tags are immutable, so a build for other nodes (a Graviton
                // type) needs a tag of its own, or ECR refuses the push (ImageTagAlreadyExistsException).
                tags: [pulumi.interpolate`${repository}:${platformTag(sourceTag(from, dockerfile), platform)}`],
                push: true,
                // A preview needs no Docker: the pull-request check runs without one.
                buildOnPreview: false,
                registries,
            },
            { parent: this },
        );
        return pulumi.interpolate`${repository}@${image.digest}`;
    }

    /**
     * An image from ECR (dev's, for prod), copied into the stack's own repository with `docker buildx imagetools
     * create`: the same image, built once. From one source it copies an image index (what BuildKit pushes with its
     * provenance attestation) byte for byte, so with the same digest; a lone manifest it wraps in an index of its
     * own (docker/buildx util/imagetools/create.go, Combine). The stack deploys the copy's digest and runs from its
     * own repository, whatever becomes of the source's (dev destroyed, its lifecycle policy expiring the image,
     * another account). The copy is tagged by the source reference, so each source gets a tag of its own.
     */
    private copy(
        name: string,
        image: string,
        from: { account: string; region: string },
        own: { address: pulumi.Output<string>; username: pulumi.Output<string>; password: pulumi.Output<string> },
        repositoryUrl: pulumi.Output<string>,
        region: string | undefined,
    ): pulumi.Output<string> {
        const source = this.lookUp(image, region);
        // The source registry's token, from its own region (an ECR token serves one region's registries).
        const token = aws.ecr.getAuthorizationTokenOutput({ registryId: from.account, region: from.region }, { parent: this });
        const registries = new dockerBuild.Provider(
            `${name}-registries`,
            {
                registries: [
                    own,
                    {
                        address: `${from.account}.dkr.ecr.${from.region}.amazonaws.com`,
                        username: token.userName,
                        password: pulumi.secret(token.password),
                    },
                ],
            },
            { parent: this },
        );
        const copy = new dockerBuild.Index(
            `${name}-copy`,
            { sources: [source], tag: pulumi.interpolate`${repositoryUrl}:${source.apply(copyTag)}`, push: true },
            { parent: this, provider: registries },
        );
        return pulumi.interpolate`${repositoryUrl}@${copy.ref.apply((ref) => ref.split("@")[1])}`;
    }

    /** The given image, pinned to its digest when it is in the stack's own ECR (see pinInOwnEcr). */
    private lookUp(image: string, region: string | undefined): pulumi.Output<string> {
        const ecr = ecrLocation(parseImage(image)?.name ?? "");
        if (!ecr || region === undefined || ecr.region !== region) return pulumi.output(image);
        const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
        return account.apply((id) => pinInOwnEcr(image, id, { parent: this }));
    }
}

/**
 * An image in the stack's own ECR (its account) must exist: looked up at
 * preview, it is deployed by digest; a missing one fails the preview here
 * rather than the Deployment's await ten minutes into `up`. Another
 * account's image is returned as it is.
 */
export async function pinInOwnEcr(image: string, account: string, opts?: pulumi.InvokeOptions): Promise<string> {
    const ref = parseImage(image);
    const ecr = ecrLocation(ref?.name ?? "");
    if (!ref || !ecr || ecr.account !== account) return image;
    const query = ref.digest ? { imageDigest: ref.digest } : { imageTag: ref.tag };
    try {
        const found = await aws.ecr.getImage({ registryId: ecr.account, repositoryName: ecr.repository, ...query }, opts);
        return `${ref.name}@${found.imageDigest}`;
    } catch (e) {
        throw new Error(
            `appImage ${image} is not in ECR (repository ${ecr.repository}, ${ref.digest ?? `tag ${ref.tag}`}): push it, ` +
                `or let the program build it: pulumi config rm appImage. (${(e as Error).message.split("\n")[0]})`,
        );
    }
}
