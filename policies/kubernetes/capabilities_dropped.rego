# METADATA
# title: Containers drop all capabilities and use a seccomp profile
# description: |
#   Every container drops ALL Linux capabilities, adds none beyond allowed_capabilities (default
#   NET_BIND_SERVICE), and runs with a RuntimeDefault or Localhost seccomp profile (the container's
#   seccompProfile over the pod's). Pod Security Standards: restricted. Platform namespaces in
#   exempt_namespaces are skipped.
# custom:
#   id: K8S-CAPABILITIES-DROPPED
#   severity: medium
#   controls: ["hipaa:164.308(a)(3)(i)", "hipaa:164.308(a)(4)(i)", "hipaa:164.312(a)(1)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)", "gxp-annex11:12.1"]
#   remediation: "Set securityContext.capabilities.drop: [\"ALL\"], add back only NET_BIND_SERVICE when binding ports below 1024, and set securityContext.seccompProfile.type: RuntimeDefault on the pod (or every container)."
#   kinds: [kubernetes]
package evident.checks.kubernetes.capabilities_dropped

import rego.v1

import data.evident.lib.kubernetes as k8s

violation contains {"msg": msg, "path": path} if {
	not k8s.is_exempt
	some c in k8s.containers
	not _drops_all(c.container)
	path := sprintf("%s.securityContext.capabilities.drop", [c.path])
	msg := sprintf("%s: container %q does not drop ALL capabilities; set securityContext.capabilities.drop: [\"ALL\"]", [k8s.display, c.name])
}

violation contains {"msg": msg, "path": path} if {
	not k8s.is_exempt
	some c in k8s.containers
	some j, cap in c.container.securityContext.capabilities.add
	not trim_prefix(upper(cap), "CAP_") in k8s.allowed_capabilities
	path := sprintf("%s.securityContext.capabilities.add[%d]", [c.path, j])
	msg := sprintf("%s: container %q adds capability %q; remove it (only %s may be added)", [k8s.display, c.name, cap, concat(", ", sort(k8s.allowed_capabilities))])
}

violation contains {"msg": msg, "path": path} if {
	not k8s.is_exempt
	some c in k8s.containers
	not _seccomp(c) in {"RuntimeDefault", "Localhost"}
	path := sprintf("%s.securityContext.seccompProfile.type", [c.path])
	msg := sprintf("%s: container %q runs with seccomp profile %s; set securityContext.seccompProfile.type: RuntimeDefault on the pod or the container", [k8s.display, c.name, _seccomp_desc(c)])
}

_drops_all(c) if {
	some d in c.securityContext.capabilities.drop
	upper(d) == "ALL"
}

_seccomp(c) := c.container.securityContext.seccompProfile.type if {
	is_string(c.container.securityContext.seccompProfile.type)
} else := k8s.pod_spec_at[c.pod].securityContext.seccompProfile.type

_seccomp_desc(c) := sprintf("%q", [_seccomp(c)]) if {
	_seccomp(c)
} else := "unset (Unconfined)"
