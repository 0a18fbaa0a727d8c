"""Password validators with Vietnamese messages where Django's catalogue has none."""

from django.contrib.auth import password_validation


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, with its refusal in Vietnamese: Django 5.2 changed the message's text and its
    Vietnamese catalogue still translates the old one, so the refusal came out in English."""

    def get_error_message(self):
        return f"Mật khẩu quá ngắn: cần ít nhất {self.min_length} ký tự."
