"""Questions and answers about the law (hỏi đáp pháp luật): staff ask (optionally anonymous to
their unit), the department answers citing articles of the library, and may publish the
answer to the public FAQ at /cong-khai/phap-luat/hoi-dap/."""
