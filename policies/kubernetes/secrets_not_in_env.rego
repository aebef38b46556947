# METADATA
# title: Secrets are mounted as files, not injected as environment variables
# description: |
#   Containers do not read Secrets into environment variables (env[].valueFrom.secretKeyRef,
#   envFrom[].secretRef) and carry no literal credentials in env values (names matching
#   secret_env_name_pattern such as *_PASSWORD, *_TOKEN, AWS_SECRET_ACCESS_KEY, or values shaped like AWS
#   access key ids). Environment variables leak into logs, crash dumps and child processes. Messages
#   never include the value.
# custom:
#   id: K8S-SECRETS-NOT-IN-ENV
#   severity: medium
#   controls: ["hipaa:164.308(a)(3)(i)", "hipaa:164.308(a)(4)(i)", "hipaa:164.308(a)(5)(ii)(D)", "hipaa:164.312(a)(1)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)", "gxp-annex11:12.1"]
#   remediation: "Mount the Secret as a read-only volume (or use the Secrets Store CSI driver with AWS Secrets Manager) and point the application at the file; remove literal credentials from the manifest and rotate them."
#   kinds: [kubernetes]
package evident.checks.kubernetes.secrets_not_in_env

import rego.v1

import data.evident.lib.kubernetes as k8s

violation contains {"msg": msg, "path": path} if {
	some c in k8s.containers
	some j, e in c.container.env
	ref := e.valueFrom.secretKeyRef
	path := sprintf("%s.env[%d].valueFrom.secretKeyRef", [c.path, j])
	msg := sprintf("%s: container %q reads Secret %q into env var %q; mount the Secret as a file (volume or Secrets Store CSI) instead", [k8s.display, c.name, object.get(ref, "name", ""), e.name])
}

violation contains {"msg": msg, "path": path} if {
	some c in k8s.containers
	some j, ef in c.container.envFrom
	ref := ef.secretRef
	path := sprintf("%s.envFrom[%d].secretRef", [c.path, j])
	msg := sprintf("%s: container %q imports every key of Secret %q as env vars; mount the Secret as a file (volume or Secrets Store CSI) instead", [k8s.display, c.name, object.get(ref, "name", "")])
}

violation contains {"msg": msg, "path": path} if {
	some c in k8s.containers
	some j, e in c.container.env
	_literal_credential(e)
	path := sprintf("%s.env[%d].value", [c.path, j])
	msg := sprintf("%s: container %q sets env var %q to a literal credential; remove it from the manifest, rotate it, and mount it from a Secret file", [k8s.display, c.name, e.name])
}

_literal_credential(e) if {
	is_string(e.name)
	is_string(e.value)
	not regex.match(`(?i)^(|true|false|yes|no|on|off|0|1)$`, e.value) # flags such as MYSQL_ALLOW_EMPTY_PASSWORD=true
	regex.match(k8s.secret_env_name_pattern, e.name)
}

_literal_credential(e) if {
	is_string(e.value)
	regex.match(`^(AKIA|ASIA)[0-9A-Z]{16}$`, e.value)
}
