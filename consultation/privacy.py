"""What the public may see of a person: masked names, never phone numbers or addresses."""


def mask_name(name):
    """张*明 for 张晓明, 张* for 张三, 欧**明 for 欧阳晓明: the first and last character stay."""
    name = (name or "").strip()
    if len(name) <= 1:
        return "*" if name else ""
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]
