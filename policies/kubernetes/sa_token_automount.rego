# METADATA
# title: Pods use a dedicated ServiceAccount; default ServiceAccounts do not automount tokens
# description: |
#   Pods run under a dedicated ServiceAccount rather than the namespace's "default" one (CIS 5.1.5),
#   and a namespace's default ServiceAccount sets automountServiceAccountToken: false so pods that do not
#   call the API get no token (CIS 5.1.6). Workloads that need AWS access use a per-workload IRSA role on
#   their own ServiceAccount. Platform namespaces in exempt_namespaces are skipped.
# custom:
#   id: K8S-SA-TOKEN-AUTOMOUNT
#   severity: medium
#   controls: ["hipaa:164.308(a)(3)(i)", "hipaa:164.308(a)(3)(ii)(B)", "hipaa:164.308(a)(4)(i)", "hipaa:164.308(a)(4)(ii)(B)", "hipaa:164.312(a)(1)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)", "gxp-annex11:12.1"]
#   remediation: "Create a ServiceAccount per workload (with eks.amazonaws.com/role-arn for IRSA if it calls AWS), set spec.serviceAccountName to it, set automountServiceAccountToken: false on the pod unless it calls the Kubernetes API, and set automountServiceAccountToken: false on every namespace's default ServiceAccount."
#   kinds: [kubernetes]
package evident.checks.kubernetes.sa_token_automount

import rego.v1

import data.evident.lib.kubernetes as k8s

violation contains {"msg": msg, "path": path} if {
	not k8s.is_exempt
	some p in k8s.pod_specs
	_service_account(p.spec) == "default"
	path := _sa_path(p)
	msg := sprintf("%s: the pod spec at %s runs under the namespace's default ServiceAccount%s; create a dedicated ServiceAccount, set serviceAccountName, and set automountServiceAccountToken: false unless it calls the Kubernetes API", [k8s.display, p.path, _token_note(p.spec)])
}

violation contains {"msg": msg, "path": "automountServiceAccountToken"} if {
	not k8s.is_exempt
	k8s.subject.kind == "ServiceAccount"
	k8s.name == "default"
	not k8s.falsy(k8s.subject.automountServiceAccountToken)
	msg := sprintf("%s: the default ServiceAccount automounts its API token into every pod that uses it; set automountServiceAccountToken: false", [k8s.display])
}

_service_account(spec) := spec.serviceAccountName if {
	is_string(spec.serviceAccountName)
	spec.serviceAccountName != ""
} else := spec.serviceAccount if {
	is_string(spec.serviceAccount)
	spec.serviceAccount != ""
} else := "default"

_sa_path(p) := sprintf("%s.serviceAccountName", [p.path]) if {
	is_string(p.spec.serviceAccountName)
} else := p.path

_token_note(spec) := " and does not disable token automounting" if {
	not k8s.falsy(spec.automountServiceAccountToken)
} else := ""
