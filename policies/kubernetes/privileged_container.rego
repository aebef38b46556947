# METADATA
# title: Containers do not run privileged
# description: |
#   No container (including init and ephemeral containers) runs with securityContext.privileged.
#   GPU access goes through the NVIDIA device plugin (resources.limits["nvidia.com/gpu"]), not privileged
#   mode. Platform namespaces in exempt_namespaces (kube-system, the GPU operator's) are skipped.
#   Pod Security Standards: baseline.
# custom:
#   id: K8S-PRIVILEGED-CONTAINER
#   severity: high
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(3)(i)", "hipaa:164.308(a)(4)(i)", "hipaa:164.312(a)(1)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)", "gxp-annex11:1", "gxp-annex11:12.1"]
#   remediation: "Set securityContext.privileged to false (or remove it) on every container; request GPUs through resources.limits[\"nvidia.com/gpu\"] and grant only the specific capabilities a container needs."
#   kinds: [kubernetes]
package evident.checks.kubernetes.privileged_container

import rego.v1

import data.evident.lib.kubernetes as k8s

violation contains {"msg": msg, "path": path} if {
	not k8s.is_exempt
	some c in k8s.containers
	k8s.truthy(c.container.securityContext.privileged)
	path := sprintf("%s.securityContext.privileged", [c.path])
	msg := sprintf("%s: container %q runs privileged (%s); set securityContext.privileged to false - GPUs are exposed through resources.limits[\"nvidia.com/gpu\"], not privileged mode", [k8s.display, c.name, path])
}
