export * from "./serviceAccountRole";
export * from "./lbControllerPolicy";
export * from "./ebsCsiDriver";
export * from "./lbController";
export * from "./clusterAutoscaler";
