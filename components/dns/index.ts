export * from "./zone";
export * from "./siteCertificate";
export * from "./siteRecord";
