/** The app's pure manifest builders (and the NetworkPolicies between app and database), tested without the Pulumi engine. */
import * as assert from "node:assert/strict";
import {
    ALB_SSL_POLICY,
    DATABASE_URL_KEY,
    allowDnsPolicyArgs,
    appNetworkPolicyArgs,
    dbNetworkPolicyArgs,
    defaultDenyPolicyArgs,
    podDisruptionBudgetArgs,
    deploymentArgs,
    ingressArgs,
    serviceArgs,
    workloadLabels,
} from "../../components";
import { reveal } from "../harness";

const wl = workloadLabels("postgres", "bookstore", "database");

describe("app manifest builders", () => {
    const appWl = workloadLabels("fastapi", "bookstore", "web");
    const appNames = { deployment: "fastapi-deployment", service: "fastapi-service", ingress: "fastapi-ingress", secret: "fastapi-secret" };
    /** A Deployment's settings where only their presence matters. */
    const small = {
        image: "r/a:1",
        resources: { cpuRequest: "1", memoryRequest: "1Mi", cpuLimit: "1", memoryLimit: "1Mi" },
        healthCheckPath: "/",
        secretName: "s",
    };

    it("Deployment: workshop fields, the URL from the app's own Secret, probes and a non-root user", () => {
        const dep = reveal(
            deploymentArgs("fastapi-deployment", "ns", appWl, {
                image: "repo/app:1.0",
                replicas: 1,
                resources: { cpuRequest: "200m", memoryRequest: "200Mi", cpuLimit: "1000m", memoryLimit: "1000Mi" },
                healthCheckPath: "/",
                secretName: "fastapi-secret",
                passwordInSecret: false,
            }),
        );
        assert.equal(dep.spec.replicas, 1);
        const pod = dep.spec.template.spec;
        const c = pod.containers[0];
        assert.equal(c.name, "web");
        assert.equal(c.ports[0].containerPort, 8000);
        assert.deepEqual(c.env, [
            { name: DATABASE_URL_KEY, valueFrom: { secretKeyRef: { name: "fastapi-secret", key: "DOCKER_DATABASE_URL" } } },
        ]);
        assert.equal(c.envFrom, undefined);
        assert.deepEqual(c.resources, { requests: { cpu: "200m", memory: "200Mi" }, limits: { cpu: "1000m", memory: "1000Mi" } });
        for (const probe of [c.startupProbe, c.readinessProbe, c.livenessProbe]) {
            assert.deepEqual(probe.httpGet, { path: "/", port: "http" });
        }
        assert.equal(c.securityContext.runAsNonRoot, true);
        assert.ok(c.securityContext.runAsUser > 0);
        assert.equal(c.securityContext.allowPrivilegeEscalation, false);
        assert.equal(pod.automountServiceAccountToken, false);
    });

    it("Deployment with the password apart and a database to wait for: PGPASSWORD from the Secret, and an init container that runs pg_isready", () => {
        const dep = reveal(
            deploymentArgs("d", "ns", appWl, {
                ...small,
                replicas: 1,
                passwordInSecret: true,
                databaseWait: { image: "postgres:17.6", host: "db.ns.svc.cluster.local", port: 5432 },
            }),
        );
        const pod = dep.spec.template.spec;
        assert.deepEqual(
            pod.containers[0].env.map((e: { name: string; valueFrom: { secretKeyRef: { key: string } } }) => [
                e.name,
                e.valueFrom.secretKeyRef.key,
            ]),
            [
                ["DOCKER_DATABASE_URL", "DOCKER_DATABASE_URL"],
                ["PGPASSWORD", "PGPASSWORD"],
            ],
        );
        const [wait] = pod.initContainers;
        assert.equal(wait.image, "postgres:17.6");
        assert.match(wait.command.join(" "), /until pg_isready .*--host="\$DB_HOST" --port="\$DB_PORT"/);
        assert.deepEqual(wait.env, [
            { name: "DB_HOST", value: "db.ns.svc.cluster.local" },
            { name: "DB_PORT", value: "5432" },
        ]);
        assert.equal(wait.securityContext.runAsNonRoot, true);
        assert.equal(wait.securityContext.allowPrivilegeEscalation, false);
        assert.ok(wait.resources.limits.memory);
    });

    it("Service: NodePort, port 80 to targetPort 8000", () => {
        const svc = reveal(serviceArgs(appNames, "ns", appWl));
        assert.equal(svc.spec.type, "NodePort");
        assert.deepEqual(svc.spec.ports, [{ name: "http", protocol: "TCP", port: 80, targetPort: 8000 }]);
        assert.deepEqual(svc.spec.selector, appWl.selector);
    });

    it("Ingress: class alb, the ALB annotations, and / (Prefix) to the Service's port 80", () => {
        const ing = reveal(
            ingressArgs(appNames, "ns", appWl.labels, {
                scheme: "internal",
                targetType: "instance",
                healthCheckPath: "/healthz",
                allowedCidrs: [],
                timeoutSeconds: 600,
                serviceName: "fastapi-service",
            }),
        );
        assert.equal(ing.spec.ingressClassName, "alb");
        assert.deepEqual(ing.metadata.annotations, {
            "alb.ingress.kubernetes.io/scheme": "internal",
            "alb.ingress.kubernetes.io/target-type": "instance",
            "alb.ingress.kubernetes.io/healthcheck-path": "/healthz",
            "pulumi.com/timeoutSeconds": "600",
        });
        assert.deepEqual(ing.spec.rules[0].http.paths, [
            { path: "/", pathType: "Prefix", backend: { service: { name: "fastapi-service", port: { number: 80 } } } },
        ]);
    });

    it("Ingress with a certificate: HTTPS on 443, 80 redirected, a TLS 1.2+ policy; and inbound CIDRs", () => {
        const ing = reveal(
            ingressArgs(appNames, "ns", appWl.labels, {
                scheme: "internet-facing",
                targetType: "ip",
                healthCheckPath: "/",
                certificateArn: "arn:aws:acm:us-east-1:012345678901:certificate/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f",
                allowedCidrs: ["203.0.113.0/24", "198.51.100.7/32"],
                timeoutSeconds: 900,
                serviceName: "fastapi-service",
            }),
        );
        const a = ing.metadata.annotations;
        assert.equal(a["alb.ingress.kubernetes.io/listen-ports"], '[{"HTTP":80},{"HTTPS":443}]');
        assert.equal(
            a["alb.ingress.kubernetes.io/certificate-arn"],
            "arn:aws:acm:us-east-1:012345678901:certificate/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f",
        );
        assert.equal(a["alb.ingress.kubernetes.io/ssl-redirect"], "443");
        assert.equal(a["alb.ingress.kubernetes.io/ssl-policy"], ALB_SSL_POLICY);
        // TLS 1.3 and 1.2 only, restricted ciphers: the console's default for a new HTTPS listener (ELB User Guide).
        assert.equal(ALB_SSL_POLICY, "ELBSecurityPolicy-TLS13-1-2-Res-2021-06");
        assert.equal(a["alb.ingress.kubernetes.io/inbound-cidrs"], "203.0.113.0/24,198.51.100.7/32");
        assert.equal(a["pulumi.com/timeoutSeconds"], "900");
    });

    it("Deployment availability: surge without dropping pods, zone spread above one replica, and a preStop sleep", () => {
        const settings = { ...small, passwordInSecret: false };
        const one = reveal(deploymentArgs("d", "ns", appWl, { ...settings, replicas: 1 }));
        const three = reveal(deploymentArgs("d", "ns", appWl, { ...settings, replicas: 3 }));
        assert.deepEqual(three.spec.strategy, { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } });
        assert.equal(one.spec.template.spec.topologySpreadConstraints, undefined);
        assert.deepEqual(three.spec.template.spec.topologySpreadConstraints[0].topologyKey, "topology.kubernetes.io/zone");
        assert.deepEqual(three.spec.template.spec.topologySpreadConstraints[0].labelSelector.matchLabels, appWl.selector);
        const c = three.spec.template.spec.containers[0];
        assert.ok(c.lifecycle.preStop.sleep.seconds >= 10);
        assert.ok(three.spec.template.spec.terminationGracePeriodSeconds > c.lifecycle.preStop.sleep.seconds);
        const pdb = reveal(podDisruptionBudgetArgs("d", "ns", appWl));
        assert.deepEqual(pdb.spec, { maxUnavailable: 1, selector: { matchLabels: appWl.selector } });
    });

    it("Deployment placement: the pods on nodes of the image's architecture, besides the selector given", () => {
        const settings = { ...small, passwordInSecret: false, replicas: 1 };
        const selector = (extra: object) =>
            reveal(deploymentArgs("d", "ns", appWl, { ...settings, ...extra })).spec.template.spec.nodeSelector;
        assert.equal(selector({}), undefined);
        assert.deepEqual(selector({ platform: "linux/arm64" }), { "kubernetes.io/arch": "arm64" });
        assert.deepEqual(selector({ platform: "linux/amd64", nodeSelector: { "karpenter.sh/nodepool": "p" } }), {
            "karpenter.sh/nodepool": "p",
            "kubernetes.io/arch": "amd64",
        });
    });

    it("NetworkPolicies: default deny, DNS out, the database only from the app on 5432, the app on 8000", () => {
        const deny = reveal(defaultDenyPolicyArgs("ns", {}));
        assert.deepEqual(deny.spec, { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
        const dns = reveal(allowDnsPolicyArgs("ns", {}));
        assert.deepEqual(
            dns.spec.egress[0].ports.map((p: any) => `${p.protocol}/${p.port}`),
            ["UDP/53", "TCP/53"],
        );
        const db = reveal(dbNetworkPolicyArgs("fastapi-postgres", "ns", wl, appWl.selector));
        assert.deepEqual(db.spec.podSelector.matchLabels, wl.selector);
        assert.deepEqual(db.spec.ingress, [
            { from: [{ podSelector: { matchLabels: appWl.selector } }], ports: [{ protocol: "TCP", port: 5432 }] },
        ]);
        assert.deepEqual(db.spec.egress, []);
        const app = reveal(appNetworkPolicyArgs("fastapi-deployment", "ns", appWl, { podSelector: wl.selector }, 5432));
        assert.deepEqual(app.spec.ingress, [{ ports: [{ protocol: "TCP", port: 8000 }] }]);
        assert.deepEqual(app.spec.egress, [
            { to: [{ podSelector: { matchLabels: wl.selector } }], ports: [{ protocol: "TCP", port: 5432 }] },
        ]);
        // A database outside the cluster (Aurora): its VPC's range, on 5432 only.
        const aurora = reveal(appNetworkPolicyArgs("fastapi-deployment", "ns", appWl, { cidr: "10.0.0.0/16" }, 5432));
        assert.deepEqual(aurora.spec.egress, [{ to: [{ ipBlock: { cidr: "10.0.0.0/16" } }], ports: [{ protocol: "TCP", port: 5432 }] }]);
    });
});
