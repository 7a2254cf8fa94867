from records import apps


class ExampleConfig(apps.RecordAppConfig):
    name = "records.tests.example"
    label = "example"
    verbose_name = "Điểm cấp nước (ví dụ)"
    registers = (("water", "Điểm cấp nước sinh hoạt"),)
    providers = "records.tests.example.register.PROVIDERS"
    nav = (("Điểm cấp nước", "water:index", 70),)
