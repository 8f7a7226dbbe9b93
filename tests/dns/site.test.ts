/** domainName alone: the hosted zone found at preview, the certificate issued before the Ingress takes it, the alias record, the url. */
import * as assert from "node:assert/strict";
import { validationNames, zoneCandidates } from "../../components";
import { MOCK_ALB_HOSTNAME, one, ofType, registrations, resolve, reveal } from "../harness";
import { runProgram, stackSettings } from "../program";

const T = {
    certificate: "aws:acm/certificate:Certificate",
    validation: "aws:acm/certificateValidation:CertificateValidation",
    record: "aws:route53/record:Record",
    ingress: "kubernetes:networking.k8s.io/v1:Ingress",
};
const dev = stackSettings("dev");
const site = { ...dev, "fastapi-eks:domainName": "shop.example.com" };

describe("the site's name (domainName without certificateArn)", () => {
    let outputs: Awaited<ReturnType<typeof runProgram>>;
    before(async () => {
        outputs = await runProgram(site);
    });

    it("an ACM certificate for the name, validated by one DNS record in the name's nearest public zone", () => {
        const cert = reveal(one(T.certificate, "bookstore-site-certificate").inputs);
        assert.deepEqual([cert.domainName, cert.validationMethod], ["shop.example.com", "DNS"]);
        const records = ofType(T.record).filter((r) => r.name.startsWith("bookstore-site-validation-"));
        assert.equal(records.length, 1);
        const record = reveal(records[0].inputs);
        assert.equal(record.type, "CNAME");
        assert.match(record.name, /^_[0-9a-f]{12}\.shop\.example\.com\.$/);
        assert.match(record.zoneId, /^Z[0-9A-F]{20}$/, "the zone of example.com, the nearest that exists");
        const validation = reveal(one(T.validation, "bookstore-site-validation").inputs);
        assert.deepEqual(validation.validationRecordFqdns, [record.name.replace(/\.$/, "")]);
    });

    it("the Ingress gets the certificate only once ACM has issued it: it waits for the validation, which waits for the record", () => {
        const ingress = one(T.ingress, "bookstore-app-ingress");
        const validation = one(T.validation, "bookstore-site-validation");
        assert.ok(ingress.dependencies.includes(validation.urn), "the certificate-arn annotation comes from the validation");
        const a = reveal(ingress.inputs).metadata.annotations;
        assert.match(a["alb.ingress.kubernetes.io/certificate-arn"], /^arn:aws:acm:us-east-1:\d{12}:certificate\//);
        assert.equal(a["alb.ingress.kubernetes.io/listen-ports"], '[{"HTTP":80},{"HTTPS":443}]');
        assert.equal(a["alb.ingress.kubernetes.io/ssl-redirect"], "443");
        assert.equal(a["alb.ingress.kubernetes.io/ssl-policy"], "ELBSecurityPolicy-TLS13-1-2-Res-2021-06");
        assert.ok(validation.dependencies.includes(one(T.record, "bookstore-site-validation-0").urn));
    });

    it("an alias A record for the name, to the ALB of the Ingress's status, in the region's ALB zone", async () => {
        const alias = reveal(one(T.record, "bookstore-site-alias").inputs);
        assert.deepEqual([alias.name, alias.type, alias.allowOverwrite], ["shop.example.com", "A", true]);
        // Z35SXDOTRQ7X7K: us-east-1's ALBs (Elastic Load Balancing endpoints, AWS General Reference), as aws.lb.getHostedZoneId gives it.
        assert.deepEqual(alias.aliases, [{ name: MOCK_ALB_HOSTNAME, zoneId: "Z35SXDOTRQ7X7K", evaluateTargetHealth: true }]);
        assert.equal((await resolve(outputs.url)).value, "https://shop.example.com/");
    });

    it("one validation record per distinct name: a name and its wildcard share one", () => {
        assert.deepEqual(validationNames("example.com", ["*.example.com"]), ["example.com"]);
        assert.deepEqual(validationNames("shop.example.com", ["*.shop.example.com", "www.example.com"]), [
            "shop.example.com",
            "www.example.com",
        ]);
        assert.deepEqual(zoneCandidates("a.shop.example.com."), ["a.shop.example.com", "shop.example.com", "example.com"]);
    });

    it("refused at preview, before anything is registered: no zone this account can see, a CNAME in the way, a zone the name is not in", async () => {
        for (const [settings, message] of [
            [
                { ...dev, "fastapi-eks:domainName": "shop.example.invalid" },
                /fastapi-eks:domainName: no public Route 53 hosted zone for shop\.example\.invalid or a parent of it in this account.*Fix: create the zone/,
            ],
            [
                { ...dev, "fastapi-eks:domainName": "cname.example.com" },
                /fastapi-eks:domainName: cname\.example\.com has a CNAME record in the zone example\.com .*Fix: delete that record/,
            ],
            [
                { ...dev, "fastapi-eks:domainName": "shop.acme.io", "fastapi-eks:hostedZoneId": "Z0123456789ABCDEFGHIJ" },
                /fastapi-eks:hostedZoneId: Z0123456789ABCDEFGHIJ is the zone of example\.com, which shop\.acme\.io is not in/,
            ],
        ] as [Record<string, unknown>, RegExp][]) {
            await assert.rejects(runProgram(settings), message);
            assert.deepEqual(registrations(), []);
        }
    });

    it("with certificateArn, the certificate and the DNS stay the user's, as before", async () => {
        await runProgram(stackSettings("prod"));
        assert.deepEqual([ofType(T.certificate).length, ofType(T.record).length], [0, 0]);
        const a = reveal(one(T.ingress, "bookstore-app-ingress").inputs).metadata.annotations;
        assert.equal(a["alb.ingress.kubernetes.io/certificate-arn"], stackSettings("prod")["fastapi-eks:certificateArn"]);
    });

    it("a new domainName on a live stack: a new certificate and records, the Ingress moved to them; the old certificate goes last", async () => {
        await runProgram(site);
        const before = reveal(one(T.certificate, "bookstore-site-certificate").inputs);
        await runProgram({ ...site, "fastapi-eks:domainName": "store.example.com" });
        const after = reveal(one(T.certificate, "bookstore-site-certificate").inputs);
        // terraform-provider-aws internal/service/acm/certificate.go: domain_name is ForceNew, so the certificate is
        // replaced, create before delete (the engine's default): the listener takes the new one before the old goes.
        assert.notEqual(after.domainName, before.domainName);
        assert.equal(reveal(one(T.record, "bookstore-site-alias").inputs).name, "store.example.com");
    });
});
