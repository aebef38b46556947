# METADATA
# title: Containers disallow privilege escalation
# description: |
#   Every container sets securityContext.allowPrivilegeEscalation: false explicitly (the default is
#   true). Pod Security Standards: restricted. Platform namespaces in exempt_namespaces are skipped.
# custom:
#   id: K8S-PRIVILEGE-ESCALATION
#   severity: medium
#   controls: ["hipaa:164.308(a)(3)(i)", "hipaa:164.308(a)(4)(i)", "hipaa:164.312(a)(1)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)", "gxp-annex11:12.1"]
#   remediation: "Set securityContext.allowPrivilegeEscalation: false on every container, init container and ephemeral container."
#   kinds: [kubernetes]
package evident.checks.kubernetes.privilege_escalation

import rego.v1

import data.evident.lib.kubernetes as k8s

violation contains {"msg": msg, "path": path} if {
	not k8s.is_exempt
	some c in k8s.containers
	not k8s.falsy(c.container.securityContext.allowPrivilegeEscalation)
	path := sprintf("%s.securityContext.allowPrivilegeEscalation", [c.path])
	msg := sprintf("%s: container %q does not set securityContext.allowPrivilegeEscalation to false (%s); set it to false", [k8s.display, c.name, _described(c.container)])
}

_described(c) := sprintf("it is %v", [c.securityContext.allowPrivilegeEscalation]) if {
	c.securityContext.allowPrivilegeEscalation != null
} else := "it is unset, which defaults to true"
