# METADATA
# title: OpenSearch domains encrypt at rest and in transit
# description: |
#   aws_opensearch_domain (and legacy aws_elasticsearch_domain) enable encrypt_at_rest and
#   node_to_node_encryption, set domain_endpoint_options.enforce_https = true and do not use the TLS
#   1.0 endpoint policy (Policy-Min-TLS-1-0-2019-07). Absent blocks mean disabled; values unknown until
#   apply pass.
# custom:
#   id: TF-OPENSEARCH-ENCRYPTION
#   severity: medium
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(4)(ii)(A)", "hipaa:164.312(a)(2)(iv)", "hipaa:164.312(c)(1)", "hipaa:164.312(e)(1)", "hipaa:164.312(e)(2)(ii)", "gxp-part11:11.10(g)", "gxp-part11:11.30", "gxp-annex11:7.1"]
#   remediation: Set encrypt_at_rest { enabled = true, kms_key_id = ... }, node_to_node_encryption { enabled = true } and domain_endpoint_options { enforce_https = true, tls_security_policy = "Policy-Min-TLS-1-2-2019-07" }; enabling encryption at rest on an existing domain may need a new domain.
#   kinds: [terraform]
package evident.checks.terraform.opensearch_encryption

import data.evident.lib.terraform as tf

settings := {
	"encrypt_at_rest": ["encrypt_at_rest", 0, "enabled"],
	"node_to_node_encryption": ["node_to_node_encryption", 0, "enabled"],
	"domain_endpoint_options.enforce_https": ["domain_endpoint_options", 0, "enforce_https"],
}

violation contains {
	"msg": sprintf("search domain %s does not enable %s; set it to true", [r, name]),
	"resource": r,
	"path": tf.path_string(array.concat(["after"], path)),
} if {
	some typ in ["aws_opensearch_domain", "aws_elasticsearch_domain"]
	some r in tf.by_type[typ]
	some name, path in settings
	not tf.is_true(tf.value(r, path))
	not tf.unknown(r, path)
}

violation contains {
	"msg": sprintf("search domain %s accepts TLS 1.0 (tls_security_policy %q); use Policy-Min-TLS-1-2-2019-07 or newer", [r, p]),
	"resource": r,
	"path": "after.domain_endpoint_options[0].tls_security_policy",
} if {
	some typ in ["aws_opensearch_domain", "aws_elasticsearch_domain"]
	some r in tf.by_type[typ]
	p := tf.value(r, ["domain_endpoint_options", 0, "tls_security_policy"])
	p == "Policy-Min-TLS-1-0-2019-07"
}
