/**
 * YAML inputs the diff command tests share: two pods in `prod`, and a NetworkPolicy opening the
 * `app=db` pods to `app=web` pods on one port (the port is what versions change).
 */

export const PODS = `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: prod, labels: {app: web}}
spec: {containers: [{name: c, image: x}]}
status: {podIP: 10.0.0.1}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: prod, labels: {app: db}}
spec: {containers: [{name: c, image: x}]}
status: {podIP: 10.0.0.2}
`;

export const dbPolicy = (port: number) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: prod}
spec:
  podSelector: {matchLabels: {app: db}}
  policyTypes: [Ingress]
  ingress:
  - from: [{podSelector: {matchLabels: {app: web}}}]
    ports: [{port: ${port}}]
`;
