# METADATA
# title: Images come only from approved registries
# description: |
#   Every container image comes from an approved registry: an entry of approved_registries (prefix
#   match on the registry-qualified name, a leading "*." matching any host suffix) or, while
#   allow_private_ecr is true, a private ECR registry. Docker Hub short names (no host) normalise to
#   docker.io and are rejected unless docker.io is approved.
# custom:
#   id: K8S-IMAGE-REGISTRY-ALLOWLIST
#   severity: high
#   controls: ["hipaa:164.308(a)(5)(ii)(B)", "gxp-part11:11.10(a)", "gxp-part11:11.10(k)", "gxp-annex11:4.2", "gxp-annex11:10"]
#   remediation: "Mirror the image into an approved registry (private ECR, an approved mirror of nvcr.io for BioNeMo/NIM) and reference it with the full registry host; add the registry to approved_registries only after it is approved."
#   kinds: [kubernetes]
package evident.checks.kubernetes.image_registry_allowlist

import rego.v1

import data.evident.lib.kubernetes as k8s

violation contains {"msg": msg, "path": path} if {
	some c in k8s.containers
	image := c.container.image
	is_string(image)
	not k8s.approved_image(image)
	path := sprintf("%s.image", [c.path])
	msg := sprintf("%s: container %q uses image %q%s, which is not from an approved registry; mirror it into an approved registry (data.evident.config.approved_registries or private ECR) and reference it there", [k8s.display, c.name, image, _short(image)])
}

_short(image) := " (a Docker Hub short name)" if {
	k8s.normalised_image(image) != image
} else := ""
