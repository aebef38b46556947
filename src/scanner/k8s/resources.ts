// The Kubernetes resources the scanner lists: workloads, namespaces, services, ingresses, network
// policies, RBAC, storage. Secrets and ConfigMaps are never listed (no PHI leaves the cluster).

export interface KubeResource {
  /** Name in the config's `resources` list. */
  name: string;
  apiVersion: string;
  kind: string;
  namespaced: boolean;
}

export const KUBE_RESOURCES: readonly KubeResource[] = [
  { name: "namespaces", apiVersion: "v1", kind: "Namespace", namespaced: false },
  { name: "pods", apiVersion: "v1", kind: "Pod", namespaced: true },
  { name: "services", apiVersion: "v1", kind: "Service", namespaced: true },
  { name: "serviceaccounts", apiVersion: "v1", kind: "ServiceAccount", namespaced: true },
  { name: "persistentvolumeclaims", apiVersion: "v1", kind: "PersistentVolumeClaim", namespaced: true },
  { name: "deployments", apiVersion: "apps/v1", kind: "Deployment", namespaced: true },
  { name: "statefulsets", apiVersion: "apps/v1", kind: "StatefulSet", namespaced: true },
  { name: "daemonsets", apiVersion: "apps/v1", kind: "DaemonSet", namespaced: true },
  { name: "replicasets", apiVersion: "apps/v1", kind: "ReplicaSet", namespaced: true },
  { name: "jobs", apiVersion: "batch/v1", kind: "Job", namespaced: true },
  { name: "cronjobs", apiVersion: "batch/v1", kind: "CronJob", namespaced: true },
  { name: "ingresses", apiVersion: "networking.k8s.io/v1", kind: "Ingress", namespaced: true },
  { name: "networkpolicies", apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", namespaced: true },
  { name: "roles", apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", namespaced: true },
  { name: "rolebindings", apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", namespaced: true },
  { name: "clusterroles", apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", namespaced: false },
  { name: "clusterrolebindings", apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", namespaced: false },
  { name: "storageclasses", apiVersion: "storage.k8s.io/v1", kind: "StorageClass", namespaced: false },
];

/** Listed by default: everything above but ReplicaSets (their Deployments carry the pod template). */
export const DEFAULT_KUBE_RESOURCES = KUBE_RESOURCES.filter((r) => r.name !== "replicasets").map((r) => r.name);

export function resourceByName(name: string): KubeResource | undefined {
  return KUBE_RESOURCES.find((r) => r.name === name);
}

/** The list path: /api/v1/pods, /apis/apps/v1/namespaces/phi/deployments ... */
export function listPath(r: KubeResource, namespace?: string): string {
  const prefix = r.apiVersion.includes("/") ? `/apis/${r.apiVersion}` : `/api/${r.apiVersion}`;
  return namespace && r.namespaced ? `${prefix}/namespaces/${encodeURIComponent(namespace)}/${r.name}` : `${prefix}/${r.name}`;
}
