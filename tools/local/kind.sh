#!/usr/bin/env bash
# A kind cluster for stacks/Pulumi.local.yaml, and what it needs beside it:
#   bash tools/local/kind.sh up     the registry localhost:5001, the cluster "bookstore" (its ingress on the
#                                   laptop's port 8080), and Traefik, which publishes the Ingresses' status
#   bash tools/local/kind.sh down   deletes them
# Needs docker, kind and helm. The registry follows kind's "Local Registry" recipe: one address,
# localhost:5001, from the laptop and (through containerd's hosts.toml) from the nodes.
set -euo pipefail
CLUSTER=bookstore
REGISTRY=kind-registry
PORT=5001

up() {
    if [ "$(docker inspect -f '{{.State.Running}}' "$REGISTRY" 2>/dev/null || true)" != true ]; then
        docker run -d --restart=always -p "127.0.0.1:$PORT:5000" --network bridge --name "$REGISTRY" registry:2
    fi
    kind get clusters | grep -qx "$CLUSTER" || kind create cluster --config - <<YAML
kind: Cluster
apiVersion: kind.x-k8s.io/v1alpha4
name: $CLUSTER
containerdConfigPatches:
  - |-
    [plugins."io.containerd.grpc.v1.cri".registry]
      config_path = "/etc/containerd/certs.d"
nodes:
  - role: control-plane
    extraPortMappings:
      - containerPort: 30080
        hostPort: 8080
        protocol: TCP
YAML
    for node in $(kind get nodes --name "$CLUSTER"); do
        docker exec "$node" mkdir -p "/etc/containerd/certs.d/localhost:$PORT"
        printf '[host."http://%s:5000"]\n' "$REGISTRY" | docker exec -i "$node" cp /dev/stdin "/etc/containerd/certs.d/localhost:$PORT/hosts.toml"
    done
    docker network connect kind "$REGISTRY" 2>/dev/null || true
    # Traefik on the node port kind maps to the laptop's 8080, publishing 127.0.0.1 as every Ingress's address,
    # so that Pulumi's await on the Ingress completes.
    helm repo add traefik https://traefik.github.io/charts >/dev/null
    helm upgrade --install traefik traefik/traefik --kube-context "kind-$CLUSTER" --namespace traefik --create-namespace \
        --version "^37" --wait \
        --set service.type=NodePort --set ports.web.nodePort=30080 \
        --set providers.kubernetesIngress.publishedService.enabled=false \
        --set "additionalArguments={--providers.kubernetesingress.ingressendpoint.ip=127.0.0.1}"
}

down() {
    kind delete cluster --name "$CLUSTER"
    docker rm -f "$REGISTRY" >/dev/null 2>&1 || true
}

case "${1:-}" in
up) up ;;
down) down ;;
*) echo "usage: bash tools/local/kind.sh up|down" >&2; exit 2 ;;
esac
