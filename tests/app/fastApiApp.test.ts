/** FastApiApp through the Pulumi mocks. */
import * as assert from "node:assert/strict";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { FastApiApp, FastApiAppArgs } from "../../components";
import { MOCK_ALB_HOSTNAME, isSecretValue, one, registrations, resetRegistrations, resolve, reveal, settle } from "../harness";

const T = {
    deployment: "kubernetes:apps/v1:Deployment",
    service: "kubernetes:core/v1:Service",
    ingress: "kubernetes:networking.k8s.io/v1:Ingress",
    secret: "kubernetes:core/v1:Secret",
};
const IMAGE = "012345678901.dkr.ecr.us-east-1.amazonaws.com/fastapi-microservices:1.0";
const URL = "postgresql://bookdbadmin:pw@db.my-cool-app.svc.cluster.local:5432/bookstore";

async function build(extra: Partial<FastApiAppArgs> = {}) {
    resetRegistrations();
    const provider = new k8s.Provider("k8s", {});
    const app = new FastApiApp("app", { namespace: "my-cool-app", image: IMAGE, databaseUrl: pulumi.secret(URL), ...extra }, { provider });
    await settle();
    return app;
}

describe("FastApiApp", () => {
    it("registers a Secret, Deployment, Service and Ingress under the component, with the workshop's names", async () => {
        await build();
        const component = one("fastapi-eks:app:FastApiApp", "app");
        const expected: [string, string, string][] = [
            [T.secret, "app-secret", "fastapi-secret"],
            [T.deployment, "app-deployment", "fastapi-deployment"],
            [T.service, "app-service", "fastapi-service"],
            [T.ingress, "app-ingress", "fastapi-ingress"],
        ];
        for (const [type, name, k8sName] of expected) {
            const r = one(type, name);
            assert.equal(r.parent, component.urn);
            assert.match(r.provider, /::k8s::/);
            const obj = reveal(r.inputs);
            assert.equal(obj.metadata.name, k8sName);
            assert.equal(obj.metadata.namespace, "my-cool-app");
            assert.equal(obj.metadata.labels["app.kubernetes.io/part-of"], "fastapi-eks");
            assert.equal(obj.metadata.labels["app.kubernetes.io/component"], "web");
        }
    });

    it("defaults: 1 replica, the given image, port 8000, requests 200m/200Mi and limits 1000m/1000Mi", async () => {
        await build();
        const dep = reveal(one(T.deployment, "app-deployment").inputs);
        assert.equal(dep.spec.replicas, 1);
        const c = dep.spec.template.spec.containers[0];
        assert.equal(c.image, IMAGE);
        assert.equal(c.ports[0].containerPort, 8000);
        assert.deepEqual(c.resources, { requests: { cpu: "200m", memory: "200Mi" }, limits: { cpu: "1000m", memory: "1000Mi" } });
        assert.deepEqual(dep.spec.selector.matchLabels, reveal(one(T.service, "app-service").inputs).spec.selector);
    });

    it("the app reads DOCKER_DATABASE_URL from its own secret Secret, and never the superuser password", async () => {
        await build();
        const secret = one(T.secret, "app-secret");
        assert.ok(isSecretValue(secret.inputs.stringData));
        assert.deepEqual(reveal(secret.inputs).stringData, { DOCKER_DATABASE_URL: URL });
        const c = reveal(one(T.deployment, "app-deployment").inputs).spec.template.spec.containers[0];
        assert.deepEqual(
            c.env.map((e: any) => e.valueFrom.secretKeyRef),
            [{ name: "fastapi-secret", key: "DOCKER_DATABASE_URL" }],
        );
        assert.doesNotMatch(JSON.stringify(reveal(registrations().map((r) => r.inputs))), /POSTGRES_PASSWORD/);
    });

    it("Service is NodePort 80 -> 8000; Ingress is the workshop's ALB Ingress with a health-check path", async () => {
        await build();
        const svc = reveal(one(T.service, "app-service").inputs);
        assert.equal(svc.spec.type, "NodePort");
        assert.equal(svc.spec.ports[0].port, 80);
        assert.equal(svc.spec.ports[0].targetPort, 8000);
        const ing = reveal(one(T.ingress, "app-ingress").inputs);
        assert.equal(ing.spec.ingressClassName, "alb");
        assert.equal(ing.metadata.annotations["alb.ingress.kubernetes.io/scheme"], "internet-facing");
        assert.equal(ing.metadata.annotations["alb.ingress.kubernetes.io/target-type"], "ip");
        assert.equal(ing.metadata.annotations["alb.ingress.kubernetes.io/healthcheck-path"], "/");
        const path = ing.spec.rules[0].http.paths[0];
        assert.deepEqual(path, { path: "/", pathType: "Prefix", backend: { service: { name: "fastapi-service", port: { number: 80 } } } });
    });

    it("scheme, target type, replicas, resources and names are configurable", async () => {
        await build({
            albScheme: "internal",
            albTargetType: "instance",
            replicas: 3,
            resources: { cpuLimit: "2" },
            ingressName: "shop",
            healthCheckPath: "/docs",
        });
        const ing = reveal(one(T.ingress, "app-ingress").inputs);
        assert.equal(ing.metadata.name, "shop");
        assert.equal(ing.metadata.annotations["alb.ingress.kubernetes.io/scheme"], "internal");
        assert.equal(ing.metadata.annotations["alb.ingress.kubernetes.io/target-type"], "instance");
        assert.equal(ing.metadata.annotations["alb.ingress.kubernetes.io/healthcheck-path"], "/docs");
        const dep = reveal(one(T.deployment, "app-deployment").inputs);
        assert.equal(dep.spec.replicas, 3);
        assert.deepEqual(dep.spec.template.spec.containers[0].resources.limits, { cpu: "2", memory: "1000Mi" });
        assert.equal(dep.spec.template.spec.containers[0].readinessProbe.httpGet.path, "/docs");
    });

    it("outputs the ALB hostname from the Ingress status, and the URL", async () => {
        const app = await build();
        assert.equal((await resolve(app.albHostname)).value, MOCK_ALB_HOSTNAME);
        assert.equal((await resolve(app.url)).value, `http://${MOCK_ALB_HOSTNAME}/`);
    });

    it("with a certificate, the URL names the site's DNS name, which the certificate covers", async () => {
        const certificateArn = "arn:aws:acm:us-east-1:012345678901:certificate/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f";
        const app = await build({ certificateArn, domainName: "shop.example.com" });
        assert.equal((await resolve(app.url)).value, "https://shop.example.com/");
    });

    it("rejects its own bad arguments before registering anything (the config's keys are their declarations' to check)", async () => {
        resetRegistrations();
        const args = { namespace: "ns", databaseUrl: "x" };
        assert.throws(
            () => new FastApiApp("a", { ...args, image: IMAGE, ingressTimeoutSeconds: 5 }),
            /ingressTimeoutSeconds: 5 is not a whole number from 60 to 3600/,
        );
        assert.throws(
            () => new FastApiApp("a", { ...args, image: IMAGE, resources: { memoryLimit: "1 GB" } }),
            /resources.memoryLimit: "1 GB" is not a positive Kubernetes quantity/,
        );
        await settle();
        assert.equal(registrations().length, 0);
    });
});
