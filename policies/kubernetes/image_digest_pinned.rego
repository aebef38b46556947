# METADATA
# title: Images are pinned by digest
# description: |
#   Every container image is pinned by digest (@sha256:...), never by a mutable tag or :latest; in
#   GxP namespaces this is what ties the running artefact to the validated one.
# custom:
#   id: K8S-IMAGE-DIGEST-PINNED
#   severity: medium
#   controls: ["gxp-part11:11.10(a)", "gxp-part11:11.10(k)", "gxp-annex11:4.2", "gxp-annex11:10"]
#   remediation: "Reference the image by digest (registry/name@sha256:<digest>, optionally keeping the tag: name:1.2.3@sha256:<digest>); resolve digests in CI (crane digest, skopeo inspect) when rendering manifests."
#   kinds: [kubernetes]
package evident.checks.kubernetes.image_digest_pinned

import rego.v1

import data.evident.lib.kubernetes as k8s

violation contains {"msg": msg, "path": path} if {
	some c in k8s.containers
	image := c.container.image
	is_string(image)
	not contains(image, "@sha256:")
	path := sprintf("%s.image", [c.path])
	msg := sprintf("%s: container %q image %q %s; pin it by digest (name@sha256:<digest>)%s", [k8s.display, c.name, image, _tag_problem(image), _gxp_note])
}

# The tag of an image reference: the part after ":" in its last path segment.
_tag(image) := t if {
	segments := split(image, "/")
	last := segments[count(segments) - 1]
	contains(last, ":")
	t := split(last, ":")[1]
}

_tag_problem(image) := "uses the mutable tag \"latest\"" if {
	_tag(image) == "latest"
} else := "has no tag (resolves to latest) and no digest" if {
	not _tag(image)
} else := sprintf("is pinned only by the mutable tag %q", [_tag(image)])

_gxp_note := " - mandatory in GxP namespaces so the running artefact is the validated one" if {
	k8s.is_gxp
} else := ""
