# METADATA
# title: Containers run as a non-root user
# description: |
#   Every container's effective runAsNonRoot (the container's securityContext over the pod's) is true,
#   and its effective runAsUser is not 0. Pod Security Standards: restricted. Platform namespaces in
#   exempt_namespaces are skipped.
# custom:
#   id: K8S-RUN-AS-NON-ROOT
#   severity: medium
#   controls: ["hipaa:164.308(a)(3)(i)", "hipaa:164.308(a)(3)(ii)(B)", "hipaa:164.308(a)(4)(i)", "hipaa:164.308(a)(4)(ii)(B)", "hipaa:164.312(a)(1)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)", "gxp-annex11:12.1"]
#   remediation: "Set securityContext.runAsNonRoot: true (on the pod or every container) and a non-zero runAsUser; build the image with a non-root USER."
#   kinds: [kubernetes]
package evident.checks.kubernetes.run_as_non_root

import rego.v1

import data.evident.lib.kubernetes as k8s

violation contains {"msg": msg, "path": path} if {
	not k8s.is_exempt
	some c in k8s.containers
	not k8s.truthy(_effective(c, "runAsNonRoot"))
	path := _field_path(c, "runAsNonRoot")
	msg := sprintf("%s: container %q may run as root: runAsNonRoot is not true on the container or the pod; set securityContext.runAsNonRoot: true and a non-zero runAsUser", [k8s.display, c.name])
}

violation contains {"msg": msg, "path": path} if {
	not k8s.is_exempt
	some c in k8s.containers
	to_number(_effective(c, "runAsUser")) == 0
	path := _field_path(c, "runAsUser")
	msg := sprintf("%s: container %q runs as UID 0 (root); set securityContext.runAsUser to a non-zero UID", [k8s.display, c.name])
}

_pod_sc(c) := object.get(k8s.pod_spec_at[c.pod], "securityContext", {})

# The container's setting, else the pod's.
_effective(c, key) := c.container.securityContext[key] if {
	c.container.securityContext[key] != null
} else := _pod_sc(c)[key]

_field_path(c, key) := sprintf("%s.securityContext.%s", [c.pod, key]) if {
	not _set_on_container(c, key)
	_pod_sc(c)[key] != null
} else := sprintf("%s.securityContext.%s", [c.path, key])

_set_on_container(c, key) if c.container.securityContext[key] != null
