/**
 * The CPU architectures the nodes run, as the image build names them
 * (`linux/amd64`) and as Kubernetes labels each node (`kubernetes.io/arch`,
 * set by the kubelet: Kubernetes' well-known labels).
 */

export const IMAGE_PLATFORMS = ["linux/amd64", "linux/arm64"] as const;
export type ImagePlatform = (typeof IMAGE_PLATFORMS)[number];

/** The node label of the CPU architecture, which the kubelet sets on every node. */
export const ARCH_LABEL = "kubernetes.io/arch";

/**
 * The platform of an EC2 instance type: Graviton families (a `g` among the
 * letters after the generation: t4g, m7g, c7gn, r8gd; and a1, the first
 * Graviton) run arm64, the others amd64 (EC2 User Guide, instance type
 * naming conventions).
 */
export function platformOf(instanceType: string): ImagePlatform {
    const family = instanceType.split(".")[0];
    return family === "a1" || /^[a-z]+\d+[a-z]*g[a-z]*$/.test(family) ? "linux/arm64" : "linux/amd64";
}

/** The `kubernetes.io/arch` value of a platform's nodes: `amd64`, `arm64`. */
export function archOf(platform: ImagePlatform): string {
    return platform.split("/")[1];
}
