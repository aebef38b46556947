# METADATA
# title: Containers without GPUs do not set NVIDIA_VISIBLE_DEVICES
# description: |
#   A container that does not request GPUs must not set NVIDIA_VISIBLE_DEVICES: when the NVIDIA
#   runtime honours the variable it bypasses device-plugin isolation and exposes every GPU of the node,
#   including other tenants'. The values "void" and "none" (no devices) are allowed. Node-side
#   mitigation: nvidia-container-toolkit accept-nvidia-visible-devices-envvar-when-unprivileged=false.
#   Platform namespaces in exempt_namespaces are skipped.
# custom:
#   id: K8S-GPU-VISIBLE-DEVICES-ENV
#   severity: high
#   controls: ["hipaa:164.308(a)(3)(i)", "hipaa:164.308(a)(4)(i)", "hipaa:164.312(a)(1)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)", "gxp-annex11:12.1"]
#   remediation: "Remove NVIDIA_VISIBLE_DEVICES from the container's env (and envFrom sources) and request GPUs with resources.limits[\"nvidia.com/gpu\"] so the device plugin assigns them."
#   kinds: [kubernetes]
package evident.checks.kubernetes.gpu_visible_devices_env

import rego.v1

import data.evident.lib.kubernetes as k8s

violation contains {"msg": msg, "path": path} if {
	not k8s.is_exempt
	some c in k8s.containers
	not k8s.requests_gpu(c.container)
	some j, e in c.container.env
	e.name == "NVIDIA_VISIBLE_DEVICES"
	not _no_devices(e)
	path := sprintf("%s.env[%d]", [c.path, j])
	msg := sprintf("%s: container %q sets NVIDIA_VISIBLE_DEVICES=%s without requesting a GPU, which bypasses device-plugin isolation; remove the variable and request GPUs with resources.limits[\"nvidia.com/gpu\"]", [k8s.display, c.name, _value(e)])
}

_no_devices(e) if {
	not e.valueFrom
	lower(trim_space(object.get(e, "value", ""))) in {"void", "none", ""}
}

_value(e) := sprintf("%q", [e.value]) if is_string(e.value)

_value(e) := "(from valueFrom)" if not is_string(e.value)
