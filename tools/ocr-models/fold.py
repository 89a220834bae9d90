#!/usr/bin/python3
"""Folds the element-wise operations of PaddleOCR's PP-OCRv4 detector and recogniser into their convolutions.

The ONNX export (Paddle2ONNX) writes each layer of their PP-LCNetV3 backbone as a convolution followed by nine
element-wise passes over its output: a learnable scale and bias (Mul, Add), hard-swish spelt out as
x * clip(x + 3, 0, 6) / 6 (Add, Clip, Mul, Div), and a second scale and bias (Mul, Add). ONNX Runtime fuses none of
them: its Conv+Mul fusion looks for the constant as the Mul's second input, and the export puts it first. On a CPU those
passes cost about as much as the convolutions. This script rewrites, exactly up to float rounding:

  Conv -> Mul(s) / Add(b)          into the Conv's weights and bias;
  Add(3) -> Clip(0, 6) -> Mul -> Div(6)   into HardSigmoid(alpha 1/6, beta 0.5) -> Mul (ONNX Runtime fuses the
                                   HardSigmoid into the convolution before it);
  Mul(s) / Add(b) -> 1x1 Conv      into that Conv's weights and bias (a 1x1 convolution has no padding, so a bias
                                   folds exactly; 3x3 and 5x5 ones keep theirs).

The outputs differ from the original models' by about 1e-6 (the recogniser's softmax) and 1e-7 (the detector's
probability map). Usage:
  fold.py ORIGINAL.onnx FOLDED.onnx
Needs Debian's python3-onnx and python3-numpy (/usr/bin/python3).
"""
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper


class Graph:
    def __init__(self, model):
        self.model = model
        self.graph = model.graph
        self.constants = {i.name: numpy_helper.to_array(i) for i in self.graph.initializer}
        self.nodes = []
        # Constant nodes become initializers, so that rewritten weights can replace them.
        for node in self.graph.node:
            if node.op_type == "Constant" and [a.name for a in node.attribute] == ["value"]:
                self.constants[node.output[0]] = numpy_helper.to_array(node.attribute[0].t)
            else:
                self.nodes.append(node)
        self.counter = 0

    def consumers(self, name):
        return [n for n in self.nodes if name in n.input]

    def only_consumer(self, name, op_type):
        found = self.consumers(name)
        return found[0] if len(found) == 1 and found[0].op_type == op_type and name not in self.outputs() else None

    def outputs(self):
        return {o.name for o in self.graph.output}

    def scalar(self, name):
        value = self.constants.get(name)
        return float(value.reshape(-1)[0]) if value is not None and value.size == 1 else None

    def scalar_operand(self, node):
        """(scalar, other input) of a Mul or Add with one scalar constant input, else None."""
        scalars = [i for i in node.input if self.scalar(i) is not None]
        if node.op_type not in ("Mul", "Add") or len(scalars) != 1 or len(node.input) != 2:
            return None
        return self.scalar(scalars[0]), [i for i in node.input if i != scalars[0]][0]

    def set_conv(self, conv, weights, bias):
        self.counter += 1
        weight_name = f"{conv.input[1]}.folded{self.counter}"
        bias_name = f"{conv.output[0]}.bias.folded{self.counter}"
        self.constants[weight_name] = weights.astype(np.float32)
        self.constants[bias_name] = bias.astype(np.float32)
        conv.input[1] = weight_name
        if len(conv.input) > 2:
            conv.input[2] = bias_name
        else:
            conv.input.append(bias_name)

    def conv_weights(self, conv):
        weights = self.constants[conv.input[1]].astype(np.float32)
        bias = self.constants[conv.input[2]].astype(np.float32) if len(conv.input) > 2 else np.zeros(weights.shape[0], np.float32)
        return weights, bias

    def bypass(self, node, replacement):
        """Removes a one-input-one-output node: whoever read its output reads `replacement` instead."""
        for other in self.nodes:
            for k, name in enumerate(other.input):
                if name == node.output[0]:
                    other.input[k] = replacement
        self.nodes.remove(node)

    def save(self, path):
        used = {i for n in self.nodes for i in n.input}
        del self.graph.node[:]
        self.graph.node.extend(self.nodes)
        del self.graph.initializer[:]
        self.graph.initializer.extend(numpy_helper.from_array(v, k) for k, v in self.constants.items() if k in used)
        onnx.checker.check_model(self.model)
        onnx.save(self.model, path)


def fold_into_preceding_conv(g):
    """Conv -> Mul(s) or Add(b): scale the weights and bias, or add to the bias."""
    folded = 0
    changed = True
    while changed:
        changed = False
        for conv in [n for n in g.nodes if n.op_type == "Conv"]:
            follower = g.consumers(conv.output[0])
            if (len(follower) != 1 or conv.output[0] in g.outputs() or follower[0].output[0] in g.outputs()
                    or g.scalar_operand(follower[0]) is None):
                continue
            value, _ = g.scalar_operand(follower[0])
            weights, bias = g.conv_weights(conv)
            if follower[0].op_type == "Mul":
                weights, bias = weights * value, bias * value
            else:
                bias = bias + value
            g.set_conv(conv, weights, bias)
            g.bypass(follower[0], conv.output[0])
            folded += 1
            changed = True
    return folded


def hard_swish_to_hard_sigmoid(g):
    """x * clip(x + 3, 0, 6) / 6  ->  x * HardSigmoid(x; 1/6, 0.5)."""
    rewritten = 0
    for add in [n for n in g.nodes if n.op_type == "Add"]:
        operand = g.scalar_operand(add)
        if operand is None or operand[0] != 3.0:
            continue
        x = operand[1]
        clip = g.only_consumer(add.output[0], "Clip")
        if clip is None:
            continue
        # Clip's bounds are attributes up to opset 10 and constant inputs from opset 11 on.
        bounds = {a.name: helper.get_attribute_value(a) for a in clip.attribute}
        if len(clip.input) == 3:
            bounds = {"min": g.scalar(clip.input[1]), "max": g.scalar(clip.input[2])}
        if bounds.get("min") != 0.0 or bounds.get("max") != 6.0:
            continue
        mul = g.only_consumer(clip.output[0], "Mul")
        if mul is None or x not in mul.input:
            continue
        div = g.only_consumer(mul.output[0], "Div")
        if div is None or g.scalar(div.input[1]) != 6.0:
            continue
        gate = helper.make_node("HardSigmoid", [x], [clip.output[0]], name=f"{clip.output[0]}.hard_sigmoid", alpha=1.0 / 6, beta=0.5)
        g.nodes[g.nodes.index(add)] = gate
        g.nodes.remove(clip)
        mul.output[0] = div.output[0]
        g.nodes.remove(div)
        rewritten += 1
    return rewritten


def fold_into_following_pointwise_conv(g):
    """Mul(s) or Add(b) -> 1x1 Conv: conv(s*x) = (s*W) x;  conv(x + b) = W x + b * sum(W)."""
    folded = 0
    changed = True
    while changed:
        changed = False
        for node in [n for n in g.nodes if n.op_type in ("Mul", "Add")]:
            operand = g.scalar_operand(node)
            conv = g.only_consumer(node.output[0], "Conv")
            if operand is None or conv is None or conv.input[0] != node.output[0]:
                continue
            weights, bias = g.conv_weights(conv)
            if weights.shape[2:] != (1, 1):
                continue
            value, x = operand
            if node.op_type == "Mul":
                weights = weights * value
            else:
                bias = bias + value * weights.sum(axis=(1, 2, 3))
            g.set_conv(conv, weights, bias)
            conv.input[0] = x
            g.nodes.remove(node)
            folded += 1
            changed = True
    return folded


def main(source, target):
    g = Graph(onnx.load(source))
    before = fold_into_preceding_conv(g)
    gates = hard_swish_to_hard_sigmoid(g)
    after = fold_into_following_pointwise_conv(g)
    g.model.doc_string = ("PaddleOCR PP-OCRv4 model (Apache-2.0) with its element-wise operations folded into its "
                          "convolutions by KnowledgeBase tools/ocr-models/fold.py")
    g.save(target)
    print(f"{target}: {before} scales and biases folded into the convolution before them, {gates} hard-swish rewritten, "
          f"{after} folded into the 1x1 convolution after them")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
