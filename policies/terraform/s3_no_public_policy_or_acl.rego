# METADATA
# title: No S3 bucket policy or ACL grants access to everyone
# description: |
#   Bucket policies (aws_s3_bucket_policy, the deprecated inline policy) have no Allow statement for
#   Principal "*" without an organisation / account / VPC / source condition; ACLs (aws_s3_bucket_acl,
#   the deprecated inline acl and grant) are not public-read, public-read-write or authenticated-read
#   and grant nothing to the AllUsers or AuthenticatedUsers groups.
# custom:
#   id: TF-S3-NO-PUBLIC-POLICY-OR-ACL
#   severity: high
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(3)(i)", "hipaa:164.308(a)(3)(ii)(B)", "hipaa:164.308(a)(4)(i)", "hipaa:164.308(a)(4)(ii)(B)", "hipaa:164.308(a)(4)(ii)(C)", "hipaa:164.312(a)(1)", "hipaa:164.312(a)(2)(i)", "gxp-part11:11.10(c)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)", "gxp-part11:11.10(k)", "gxp-annex11:12.1"]
#   remediation: Remove public grants. Use acl = "private" (or BucketOwnerEnforced ownership controls) and restrict policy statements with Principal "*" by aws:PrincipalOrgID, aws:SourceAccount or aws:SourceVpce; serve public content through CloudFront with origin access control instead.
#   kinds: [terraform]
package evident.checks.terraform.s3_no_public_policy_or_acl

import data.evident.lib.terraform as tf

public_acls := {"public-read", "public-read-write", "authenticated-read"}

public_groups := {"http://acs.amazonaws.com/groups/global/AllUsers", "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"}

violation contains {
	"msg": sprintf("%s: statement %d allows Principal \"*\" without an organisation, account or VPC condition; restrict it (aws:PrincipalOrgID, aws:SourceAccount, aws:SourceVpce) or remove it", [r, i]),
	"resource": r,
	"path": "after.policy",
} if {
	some typ in ["aws_s3_bucket_policy", "aws_s3_bucket"]
	some r in tf.by_type[typ]
	doc := tf.value(r, ["policy"])
	tf.non_empty(doc)
	some i, s in tf.statements(doc)
	tf.public_allow(s)
}

violation contains {
	"msg": sprintf("%s sets the canned ACL %q, which makes the bucket public; use \"private\"", [r, acl]),
	"resource": r,
	"path": "after.acl",
} if {
	some typ in ["aws_s3_bucket_acl", "aws_s3_bucket"]
	some r in tf.by_type[typ]
	acl := tf.value(r, ["acl"])
	acl in public_acls
}

violation contains {
	"msg": sprintf("%s grants %s to %s; remove the grant", [r, object.get(g, "permission", "access"), uri]),
	"resource": r,
	"path": sprintf("after.access_control_policy[%d].grant[%d].grantee[%d].uri", [i, j, k]),
} if {
	some r in tf.by_type.aws_s3_bucket_acl
	some i, acp in tf.after(r).access_control_policy
	some j, g in acp.grant
	some k, grantee in g.grantee
	uri := grantee.uri
	uri in public_groups
}

violation contains {
	"msg": sprintf("%s grants %v to %s; remove the grant", [r, object.get(g, "permissions", []), g.uri]),
	"resource": r,
	"path": sprintf("after.grant[%d].uri", [i]),
} if {
	some r in tf.by_type.aws_s3_bucket
	some i, g in tf.after(r).grant
	g.uri in public_groups
}
