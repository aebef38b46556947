import type { InputKind, ResourceRef } from "../engine/finding.js";

/**
 * One document to evaluate, recognised and normalised from a file, an AdmissionReview or a scanner
 * source. `input` is what policies see as `input` (see DEVELOPERS.md, "The policy input contract").
 */
export interface InputDocument {
  kind: InputKind;
  /** The file (or source label such as "admission" or "cloudtrail:lookup-events") it came from. */
  file: string;
  /** Position of the document in its file: YAML document number, record number, item number. */
  index: number;
  /** 1-based line where the document starts, when the format allows. */
  line?: number;
  input: unknown;
  /** The resource findings on this document concern unless a violation names another one. */
  resource: ResourceRef;
  /**
   * Maps a violation's `resource` (Terraform address) and `path` to a source position, when known.
   */
  locate?: (path: string | undefined, resource?: string) => { line: number; column?: number } | undefined;
  /**
   * Helm-rendered output: the chart template path from the `# Source:` comment above the document.
   * Reports use it as the location file (`line`/`locate` positions refer to `file`, the rendered output).
   */
  sourceFile?: string;
  /**
   * Terraform: maps a violation's `resource` (an address) to the ResourceRef findings should carry
   * ({kind, address, type}; the type is read from the address when it is not in the plan); undefined
   * when the address cannot be parsed.
   */
  resourceOf?: (address: string) => ResourceRef | undefined;
  /**
   * The JSON text of `input`, when it can be had cheaper than JSON.stringify(input) (Terraform: the
   * plan file's own text is spliced in, not re-serialised). For engines that take input as JSON bytes.
   */
  inputJson?: () => string;
  /**
   * The same JSON as UTF-8 bytes in parts, whose concatenation is the input (CloudTrail: views into the
   * file's own bytes), so that no text is encoded again on its way into Wasm memory.
   */
  inputUtf8?: () => Uint8Array[];
  /** The documents of one file that can be evaluated together from the file's own bytes. */
  group?: DocumentGroup;
}

/**
 * Documents evaluated by one call: `entrypoint` applied to `input()` gives one result per document,
 * in document order (CloudTrail: a whole {"Records": [...]} file).
 */
export interface DocumentGroup {
  entrypoint: string;
  /** Documents in the group (all of them must be evaluated together for the group to apply). */
  size: number;
  input: () => Uint8Array;
}

/** A file or record that could not be read or parsed. The scan goes on; the exit code becomes 2. */
export interface InputError {
  file: string;
  line?: number;
  column?: number;
  message: string;
}
