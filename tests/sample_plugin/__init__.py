"""测试插件：一张便签表，用来检验插件的安装与卸载

A plugin that exists only for the test suite: one model, one admin view, one
API route, one command and one policy parameter.
"""

__version__ = "0.0.1"
