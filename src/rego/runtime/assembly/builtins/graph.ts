// graph.reachable and graph.reachable_paths, after OPA's topdown/reachable.go. A graph is an object
// from node to an array or set of neighbours; sets are walked in OPA's (sorted) order.
import { mkSet, objGet, setAdd, setHas, sortedAt, sortedOrder, tCount, tKey } from "../collections";
import { T_ARRAY, T_OBJECT, T_SET, arrGet, arrLen, arrPush, mkArray, tagOf } from "../value";
import { errType } from "./common";

function vertexCount(c: usize): u32 {
  const t = tagOf(c);
  if (t == T_ARRAY) return arrLen(c);
  if (t == T_SET) return tCount(c);
  return 0;
}

// The i-th vertex of an array or set (sets in sorted order, computed once by the caller).
function vertexAt(c: usize, order: usize, i: u32): usize {
  return tagOf(c) == T_ARRAY ? arrGet(c, i) : tKey(c, sortedAt(order, i));
}

function orderOf(c: usize): usize {
  return tagOf(c) == T_SET ? sortedOrder(c) : 0;
}

export function b_graph_reachable(graph: usize, initial: usize): usize {
  if (graph == 0 || initial == 0) return 0;
  if (tagOf(graph) != T_OBJECT) return errType("graph.reachable", 1, graph, "object");
  const ti = tagOf(initial);
  if (ti != T_ARRAY && ti != T_SET) return errType("graph.reachable", 2, initial, "{array, set}");
  const queue = mkArray(8);
  const io = orderOf(initial);
  for (let i: u32 = 0; i < vertexCount(initial); i++) arrPush(queue, vertexAt(initial, io, i));
  const reached = mkSet(8);
  // The queue grows while it is walked.
  for (let q: u32 = 0; q < arrLen(queue); q++) {
    const node = arrGet(queue, q);
    const edges = objGet(graph, node);
    if (edges == 0) continue;
    const eo = orderOf(edges);
    const n = vertexCount(edges);
    for (let i: u32 = 0; i < n; i++) {
      const nb = vertexAt(edges, eo, i);
      if (!setHas(reached, nb)) arrPush(queue, nb);
    }
    setAdd(reached, node);
  }
  return reached;
}

function withNode(path: usize, node: usize): usize {
  const n = arrLen(path);
  const out = mkArray(n + 1);
  for (let i: u32 = 0; i < n; i++) arrPush(out, arrGet(path, i));
  arrPush(out, node);
  return out;
}

// Paths from root: a node outside the graph ends the path before it, a node without edges ends it
// after it, and a neighbour already reached in this walk ends it at the current node.
function pathBuilder(graph: usize, root: usize, path: usize, out: usize, reached: usize): void {
  const edges = objGet(graph, root);
  if (edges == 0) {
    setAdd(out, path);
    return;
  }
  const here = withNode(path, root);
  const n = vertexCount(edges);
  if (n == 0) {
    setAdd(out, here);
    return;
  }
  setAdd(reached, root);
  const eo = orderOf(edges);
  for (let i: u32 = 0; i < n; i++) {
    const nb = vertexAt(edges, eo, i);
    if (setHas(reached, nb)) setAdd(out, here);
    else pathBuilder(graph, nb, here, out, reached);
  }
}

export function b_graph_reachable_paths(graph: usize, initial: usize): usize {
  if (graph == 0 || initial == 0) return 0;
  if (tagOf(graph) != T_OBJECT) return errType("graph.reachable_paths", 1, graph, "object");
  const ti = tagOf(initial);
  if (ti != T_ARRAY && ti != T_SET) return errType("graph.reachable_paths", 2, initial, "{array, set}");
  const out = mkSet(8);
  const io = orderOf(initial);
  for (let i: u32 = 0; i < vertexCount(initial); i++) {
    const node = vertexAt(initial, io, i);
    const edges = objGet(graph, node);
    if (edges == 0) continue;
    const n = vertexCount(edges);
    const start = mkArray(1);
    arrPush(start, node);
    if (n == 0) {
      setAdd(out, start);
      continue;
    }
    const eo = orderOf(edges);
    for (let j: u32 = 0; j < n; j++) {
      // Each neighbour of a start node begins a walk of its own.
      const reached = mkSet(8);
      setAdd(reached, node);
      pathBuilder(graph, vertexAt(edges, eo, j), start, out, reached);
    }
  }
  return out;
}
