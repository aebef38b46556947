# METADATA
# title: No exec, attach or port-forward into PHI/GxP pods except break-glass
# description: |
#   kubectl exec, attach and port-forward (CONNECT admission of pods/exec, pods/attach,
#   pods/portforward) into pods of phi/gxp namespaces is denied unless the user is in break_glass_users or
#   one of break_glass_groups; break-glass use stays audited in the API server audit log. The webhook must
#   register pods/exec, pods/attach and pods/portforward with operation CONNECT.
# custom:
#   id: K8S-EXEC-INTO-REGULATED-PODS
#   severity: medium
#   controls: ["hipaa:164.308(a)(1)(ii)(D)", "hipaa:164.308(a)(3)(i)", "hipaa:164.308(a)(4)(i)", "hipaa:164.312(a)(1)", "hipaa:164.312(a)(2)(ii)", "hipaa:164.312(b)", "gxp-part11:11.10(d)", "gxp-part11:11.10(e)", "gxp-part11:11.10(g)", "gxp-annex11:9", "gxp-annex11:12.1", "gxp-annex11:12.4"]
#   remediation: "Use the break-glass group (data.evident.config.break_glass_groups) for emergency access, through the documented break-glass procedure; debug PHI/GxP workloads through logs, metrics and validated tooling instead of interactive sessions."
#   kinds: [kubernetes]
package evident.checks.kubernetes.exec_into_regulated_pods

import rego.v1

import data.evident.lib.kubernetes as k8s

violation contains {"msg": msg} if {
	k8s.is_connect
	action := _action
	k8s.is_regulated
	not _break_glass
	msg := sprintf("%s by %q into pod %q in PHI/GxP namespace %q is denied: only break-glass users or groups may open interactive sessions there; use the break-glass procedure", [action, _user, _pod, k8s.namespace])
}

_actions := {
	"PodExecOptions": "exec", "PodAttachOptions": "attach", "PodPortForwardOptions": "port-forward",
	"exec": "exec", "attach": "attach", "portforward": "port-forward",
}

_action := _actions[k8s.request_kind]

_action := _actions[k8s.sub_resource] if not _actions[k8s.request_kind]

_break_glass if k8s.username in k8s.break_glass_users

_break_glass if {
	some g in k8s.groups
	g in k8s.break_glass_groups
}

_user := k8s.username if k8s.username != ""
else := "<unknown user>"

_pod := k8s.request.name if is_string(k8s.request.name)
else := "<unknown>"
