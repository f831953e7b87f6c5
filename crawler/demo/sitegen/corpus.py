"""Vietnamese activity-news text for the demo mirrors: titles, leads, bodies, captions, bylines.

Stories are assembled from per-topic sentence pools plus a shared pool, so that two stories of the same
topic share few sentences (the crawler's near-duplicate detector must not see them as one press release).
All text here is NFC with the *old* tone placement (hòa, thủy); :func:`tone_style` rewrites a paragraph
to the new placement (hoà, thuỷ) because real sites mix both, even inside one article.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta

# --- people, units, places -------------------------------------------------------------------------

_HO = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương")
_DEM = ("Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Quốc", "Ngọc", "Xuân", "Thị Thu")
_TEN = (
    "Hùng",
    "Lan",
    "Tuấn",
    "Hòa",
    "Thủy",
    "Trạng",
    "Nguyên",
    "Thảo",
    "Bình",
    "Dũng",
    "Hương",
    "Khánh",
    "Sơn",
    "Hải",
    "Phương",
    "Long",
    "Tâm",
    "Thúy",
    "Cường",
    "Quang",
)
_LEADER_TITLES = (
    "Giám đốc Sở Thông tin và Truyền thông",
    "Phó Giám đốc Sở Thông tin và Truyền thông",
    "Phó Chủ tịch UBND tỉnh",
    "Ủy viên Ban Thường vụ Tỉnh ủy, Trưởng Ban Tuyên giáo Tỉnh ủy",
    "Phó Giám đốc phụ trách Sở",
    "Bí thư Chi bộ, Giám đốc Sở",
)
_UNITS = (
    "Trung tâm Công nghệ thông tin và Truyền thông",
    "Phòng Bưu chính, Viễn thông",
    "Phòng Thông tin - Báo chí - Xuất bản",
    "Văn phòng Sở",
    "Thanh tra Sở",
    "Phòng Công nghệ thông tin",
    "Trung tâm Giám sát, điều hành đô thị thông minh",
)
_TELCOS = ("Viettel", "VNPT", "MobiFone", "Vietnamobile", "FPT Telecom", "Bưu điện tỉnh", "Viettel Post")
_DAYPARTS = ("Sáng", "Chiều", "Sáng", "Sáng", "Chiều tối")

#: Bylines as printed on the last line of a body, and the name they give.
BYLINES: tuple[tuple[str, str], ...] = (
    ("Quốc Trạng", "Quốc Trạng"),
    ("VTH", "VTH"),
    ("T.H", "T.H"),
    ("BBT", "BBT"),
    ("Tin, ảnh: Hương Thảo", "Hương Thảo"),
    ("Bài và ảnh Ngọc Nguyên", "Ngọc Nguyên"),
    ("Kim Tiến", "Kim Tiến"),
    ("Quang Thìn", "Quang Thìn"),
    ("Minh Hòa", "Minh Hòa"),
    ("Thanh Tâm (VP Sở)", "Thanh Tâm (VP Sở)"),
)

# --- topics -------------------------------------------------------------------------------------------
# Slots: {province} {year} {year1} {month} {month1} {ev} (event date d/m/yyyy) {evs} (d/m) {daypart}
# {leader} {leader_title} {leader2} {unit} {telco} {n1}..{n4} {pct} {pct2} {money} {quarter}


@dataclass(frozen=True)
class Topic:
    key: str
    titles: tuple[str, ...]
    leads: tuple[str, ...]
    body: tuple[str, ...]
    closing: tuple[str, ...]
    captions: tuple[str, ...]
    sapo: tuple[str, ...]
    documents: tuple[str, ...] = ()
    since: int = 2000  # first year the topic makes sense (VNeID, IOC, 5G did not exist in 2015)


TOPICS: tuple[Topic, ...] = (
    Topic(
        "tongket",
        (
            "Sở Thông tin và Truyền thông tổng kết công tác năm {ylast}, triển khai nhiệm vụ năm {ynext}",
            "Hội nghị tổng kết công tác thông tin và truyền thông năm {ylast}",
            "Ngành Thông tin và Truyền thông {tinh} tổng kết công tác năm {ylast}",
        ),
        (
            "{daypart} ngày {ev}, Sở Thông tin và Truyền thông {tinh} tổ chức Hội nghị tổng kết công tác "
            "năm {ylast} và triển khai nhiệm vụ năm {ynext}. Dự hội nghị có đồng chí {leader}, "
            "{leader_title}; "
            "lãnh đạo các phòng, đơn vị trực thuộc Sở cùng đại diện các doanh nghiệp bưu chính, viễn thông "
            "trên "
            "địa bàn tỉnh.",
            "Ngày {ev}, ngành Thông tin và Truyền thông {tinh} tổ chức hội nghị đánh giá kết quả thực hiện "
            "nhiệm vụ năm {ylast}, bàn giải pháp thực hiện kế hoạch năm {ynext}.",
        ),
        (
            "Năm {ylast}, mặc dù còn nhiều khó khăn nhưng với sự quan tâm lãnh đạo, chỉ đạo của Tỉnh ủy, "
            "UBND "
            "tỉnh, ngành Thông tin và Truyền thông đã hoàn thành tốt các chỉ tiêu, nhiệm vụ được giao.",
            "Doanh thu bưu chính, viễn thông trên địa bàn tỉnh ước đạt {money} tỷ đồng, tăng {pct}% so với "
            "cùng kỳ.",
            "Tỷ lệ hồ sơ giải quyết trực tuyến toàn trình đạt {pct2}%, vượt chỉ tiêu Nghị quyết đề ra.",
            "Hệ thống đài truyền thanh cơ sở ứng dụng công nghệ thông tin - viễn thông đã được đầu tư tại "
            "{n1} xã, "
            "phường, thị trấn.",
            "Hội nghị cũng chỉ ra một số tồn tại, hạn chế như nguồn nhân lực công nghệ thông tin còn thiếu, "
            "hạ "
            "tầng kỹ thuật tại một số địa phương chưa đồng bộ.",
            "Phát biểu chỉ đạo, đồng chí {leader2} ghi nhận, biểu dương những kết quả mà ngành đạt được "
            "trong năm "
            "qua và đề nghị Sở tập trung tham mưu các giải pháp đột phá về chuyển đổi số.",
            "Công tác quản lý nhà nước về báo chí, xuất bản được tăng cường; {n2} cơ quan báo chí, {n3} "
            "trang "
            "thông tin điện tử tổng hợp được kiểm tra, hướng dẫn hoạt động đúng tôn chỉ, mục đích.",
        ),
        (
            "Dịp này, {n2} tập thể và {n4} cá nhân có thành tích xuất sắc được tặng Giấy khen của Giám đốc "
            "Sở.",
            "Hội nghị đã thống nhất thông qua phương hướng, nhiệm vụ năm {ynext} với 12 chỉ tiêu chủ yếu.",
        ),
        (
            "Quang cảnh hội nghị",
            "Đồng chí {leader} phát biểu chỉ đạo tại hội nghị",
            "Lãnh đạo Sở trao Giấy khen cho các tập thể có thành tích xuất sắc năm {ylast}",
        ),
        (
            "Năm {ylast}, ngành Thông tin và Truyền thông hoàn thành {n2}/{n3} chỉ tiêu, doanh thu bưu "
            "chính, "
            "viễn thông tăng {pct}% so với cùng kỳ.",
        ),
        ("Báo cáo tổng kết công tác năm {ylast}", "Kế hoạch công tác năm {ynext}"),
    ),
    Topic(
        "giaoban",
        (
            "Sở Thông tin và Truyền thông họp giao ban triển khai công tác tháng {month}/{year}",
            "Đánh giá hoạt động ngành Thông tin và Truyền thông tháng {mprev} và nhiệm vụ công tác trọng tâm "
            "tháng {month}/{year}",
            "Giao ban công tác tháng {mprev}, triển khai nhiệm vụ tháng {month}/{year}",
        ),
        (
            "{daypart} ngày {ev}, đồng chí {leader}, {leader_title} chủ trì cuộc họp giao ban đánh giá kết "
            "quả "
            "thực hiện nhiệm vụ tháng {mprev} và triển khai nhiệm vụ trọng tâm tháng {month}/{year}.",
            "Ngày {ev}, Sở Thông tin và Truyền thông tổ chức họp giao ban định kỳ tháng {mprev} với sự "
            "tham dự của lãnh đạo Sở, trưởng các phòng và đơn vị trực thuộc.",
        ),
        (
            "Trong tháng {mprev}, Sở đã tham mưu UBND tỉnh ban hành {n1} văn bản chỉ đạo, điều hành thuộc "
            "lĩnh "
            "vực thông tin và truyền thông.",
            "{unit} đã hoàn thành việc nâng cấp Cổng dịch vụ công và Hệ thống thông tin giải quyết thủ tục "
            "hành "
            "chính của tỉnh.",
            "Công tác thông tin tuyên truyền các ngày lễ lớn, các sự kiện chính trị quan trọng của đất nước "
            "và "
            "của tỉnh được triển khai kịp thời, đúng định hướng.",
            "Sở đã tiếp nhận và giải quyết {n2} hồ sơ thủ tục hành chính, {pct2}% hồ sơ được giải quyết "
            "trước và "
            "đúng hạn.",
            "Các đơn vị báo cáo những khó khăn, vướng mắc trong quá trình triển khai nhiệm vụ và đề xuất "
            "giải pháp "
            "tháo gỡ.",
            "Lãnh đạo Sở yêu cầu các phòng, đơn vị bám sát kế hoạch, chủ động phối hợp để hoàn thành nhiệm "
            "vụ "
            "được giao đúng tiến độ.",
        ),
        (
            "Kết luận cuộc họp, đồng chí {leader} đề nghị các đơn vị khẩn trương hoàn thành các nhiệm vụ còn "
            "tồn đọng trong tháng {month}.",
        ),
        ("Đồng chí {leader} kết luận cuộc họp", "Quang cảnh cuộc họp giao ban"),
        (
            "Tháng {mprev}, Sở hoàn thành {n1} nhiệm vụ trọng tâm; tháng {month} tập trung cho chuyển đổi "
            "số và cải cách hành chính.",
        ),
        (),
    ),
    Topic(
        "chuyendoiso",
        (
            "Tập huấn kỹ năng chuyển đổi số cho cán bộ, công chức cấp xã năm {year}",
            "Bồi dưỡng kiến thức chuyển đổi số cho thành viên Tổ công nghệ số cộng đồng",
            "Triển khai Đề án 06 và chuyển đổi số tại các xã, phường, thị trấn",
        ),
        (
            "Trong 2 ngày {ev2}, Sở Thông tin và Truyền thông phối hợp với {telco} tổ chức lớp tập huấn kỹ "
            "năng "
            "chuyển đổi số cho hơn {n3} học viên là cán bộ, công chức cấp xã và thành viên Tổ công nghệ số "
            "cộng "
            "đồng trên địa bàn {tinh}.",
            "{daypart} {evs}, tại Hội trường UBND huyện, Sở Thông tin và Truyền thông khai giảng lớp bồi "
            "dưỡng "
            "kiến thức, kỹ năng số cơ bản cho người dân và cán bộ cơ sở.",
        ),
        (
            "Tại lớp tập huấn, các học viên được giới thiệu tổng quan về chuyển đổi số, chính quyền số, "
            "kinh tế "
            "số và xã hội số.",
            "Học viên được hướng dẫn cài đặt, sử dụng các nền tảng số thiết yếu như VNeID, Cổng dịch vụ công "
            "quốc gia, ứng dụng thanh toán không dùng tiền mặt.",
            "Giảng viên là các chuyên gia của {telco} và {unit}, có nhiều kinh nghiệm trong triển khai các "
            "nền "
            "tảng số.",
            "Tổ công nghệ số cộng đồng là lực lượng nòng cốt đưa nền tảng số, công nghệ số, kỹ năng số đến "
            "từng "
            "hộ gia đình.",
            "Đến nay, toàn tỉnh đã thành lập {n1} Tổ công nghệ số cộng đồng với {n4} thành viên.",
            "Thông qua lớp tập huấn, học viên nâng cao nhận thức, kỹ năng ứng dụng công nghệ số vào công "
            "việc "
            "chuyên môn và đời sống hằng ngày.",
            "Nhiều học viên cho biết nội dung tập huấn thiết thực, dễ áp dụng, giúp hướng dẫn người dân "
            "thực hiện "
            "thủ tục hành chính trên môi trường điện tử.",
        ),
        (
            "Kết thúc lớp tập huấn, các học viên tham gia làm bài kiểm tra và được cấp giấy chứng nhận hoàn "
            "thành khóa học.",
        ),
        (
            "Học viên thực hành cài đặt ứng dụng VNeID",
            "Giảng viên {telco} hướng dẫn các nền tảng số thiết yếu",
            "Quang cảnh lớp tập huấn",
        ),
        (
            "Hơn {n3} học viên được trang bị kỹ năng số cơ bản để hướng dẫn người dân sử dụng dịch vụ công "
            "trực tuyến.",
        ),
        ("Tài liệu tập huấn chuyển đổi số", "Kế hoạch tổ chức lớp tập huấn"),
        since=2021,
    ),
    Topic(
        "attt",
        (
            "Diễn tập thực chiến bảo đảm an toàn thông tin mạng {tinh} năm {year}",
            "Tăng cường công tác bảo đảm an toàn thông tin trong cơ quan nhà nước",
            "Hội thảo nâng cao nhận thức về an toàn, an ninh mạng năm {year}",
        ),
        (
            "{daypart} ngày {ev}, Sở Thông tin và Truyền thông chủ trì, phối hợp với Cục An toàn thông tin "
            "tổ chức "
            "diễn tập thực chiến bảo đảm an toàn thông tin mạng năm {year}.",
            "Ngày {ev}, tại thành phố, Sở Thông tin và Truyền thông tổ chức hội thảo về bảo đảm an toàn "
            "thông tin "
            "cho hệ thống thông tin của các cơ quan nhà nước trên địa bàn {tinh}.",
        ),
        (
            "Tham gia diễn tập có {n1} đội đến từ các sở, ban, ngành và doanh nghiệp viễn thông trên địa "
            "bàn.",
            "Các đội được yêu cầu phát hiện, phân tích và xử lý các cuộc tấn công có chủ đích vào hệ thống "
            "máy "
            "chủ của Trung tâm dữ liệu tỉnh.",
            "Theo báo cáo, trong năm qua hệ thống giám sát đã phát hiện và ngăn chặn hơn {n4} lượt tấn "
            "công, dò "
            "quét vào các hệ thống thông tin của tỉnh.",
            "Diễn tập giúp nâng cao năng lực, kỹ năng phối hợp xử lý sự cố của đội ứng cứu sự cố an toàn "
            "thông "
            "tin mạng của tỉnh.",
            "Đại diện Cục An toàn thông tin đánh giá cao sự chuẩn bị chu đáo của Ban tổ chức và tinh thần "
            "tham gia "
            "của các đội.",
            "Các chuyên gia khuyến cáo cán bộ, công chức không mở các tệp đính kèm, đường liên kết lạ trong "
            "thư "
            "điện tử công vụ.",
        ),
        (
            "Kết thúc chương trình, Ban tổ chức trao giải Nhất cho đội của {unit}.",
            "Sở đề nghị các cơ quan, đơn vị tiếp tục rà soát, phân loại và phê duyệt cấp độ an toàn hệ thống "
            "thông tin theo quy định.",
        ),
        ("Các đội tham gia diễn tập thực chiến", "Ban tổ chức trao giải cho các đội đạt thành tích cao"),
        (
            "Hoạt động diễn tập nhằm kiểm tra khả năng phát hiện, ứng phó sự cố an toàn thông tin mạng của "
            "các "
            "đơn vị.",
        ),
        ("Kịch bản diễn tập an toàn thông tin", "Kế hoạch diễn tập năm {year}"),
    ),
    Topic(
        "daihoi",
        (
            "Đại hội Chi bộ Sở Thông tin và Truyền thông lần thứ {roman}, nhiệm kỳ {year}-{term}",
            "Đại hội Công đoàn cơ sở Sở Thông tin và Truyền thông nhiệm kỳ {year}-{term}",
            "Chi đoàn Sở Thông tin và Truyền thông tổ chức Đại hội nhiệm kỳ {year}-{term1}",
        ),
        (
            "{daypart} ngày {ev}, Chi bộ Sở Thông tin và Truyền thông tổ chức Đại hội lần thứ {roman}, "
            "nhiệm kỳ "
            "{year}-{term}. Đến dự Đại hội có đồng chí {leader}, {leader_title} và {n2} đảng viên trong Chi "
            "bộ.",
            "Thực hiện kế hoạch của cấp trên, ngày {ev}, Sở Thông tin và Truyền thông long trọng tổ chức "
            "Đại hội "
            "nhiệm kỳ {year}-{term}.",
        ),
        (
            "Nhiệm kỳ qua, Chi bộ luôn giữ vững vai trò hạt nhân chính trị, lãnh đạo cơ quan hoàn thành "
            "xuất sắc "
            "nhiệm vụ chính trị được giao.",
            "Công tác xây dựng Đảng được chú trọng; Chi bộ đã kết nạp {n1} đảng viên mới, nhiều năm liền "
            "đạt danh "
            "hiệu Chi bộ hoàn thành tốt nhiệm vụ.",
            "Đại hội đã thảo luận, đóng góp ý kiến vào dự thảo văn kiện Đại hội Đảng bộ cấp trên.",
            "Đại hội đã bầu Ban Chấp hành nhiệm kỳ mới gồm {n1} đồng chí và bầu đoàn đại biểu dự Đại hội "
            "cấp trên.",
            "Phát biểu tại Đại hội, đồng chí {leader2} đề nghị Chi bộ tiếp tục đổi mới phương thức lãnh "
            "đạo, nâng "
            "cao chất lượng sinh hoạt chi bộ.",
            "Đại hội xác định mục tiêu xây dựng cơ quan trong sạch, vững mạnh; đẩy mạnh chuyển đổi số trong "
            "hoạt "
            "động của cơ quan.",
        ),
        ("Đại hội đã thành công tốt đẹp, biểu quyết thông qua Nghị quyết với sự thống nhất cao.",),
        ("Đoàn Chủ tịch điều hành Đại hội", "Ban Chấp hành nhiệm kỳ mới ra mắt Đại hội"),
        (
            "Đại hội xác định 3 khâu đột phá, trong đó trọng tâm là chuyển đổi số trong hoạt động của cơ "
            "quan.",
        ),
        (),
    ),
    Topic(
        "thidua",
        (
            "Hội nghị tổng kết phong trào thi đua, khen thưởng Cụm {n5} ngành thông tin và truyền thông",
            "Phát động phong trào thi đua thực hiện nhiệm vụ chính trị năm {year}",
            "Ký kết giao ước thi đua Cụm thi đua các Sở Thông tin và Truyền thông năm {year}",
        ),
        (
            "Ngày {ev}, tại {tinh}, Cụm thi đua số {n5} các Sở Thông tin và Truyền thông tổ chức hội nghị "
            "tổng kết phong trào thi đua, khen thưởng năm {year} và ký kết giao ước thi đua năm {year1}.",
            "{daypart} ngày {ev}, Sở Thông tin và Truyền thông tổ chức Lễ phát động phong trào thi đua thực "
            "hiện "
            "thắng lợi nhiệm vụ năm {year}.",
        ),
        (
            "Phong trào thi đua được triển khai sâu rộng với nhiều hình thức phong phú, gắn với việc học "
            "tập và "
            "làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
            "Các đơn vị trong Cụm đã chia sẻ kinh nghiệm trong triển khai chính quyền số và quản lý thông "
            "tin trên "
            "không gian mạng.",
            "Hội nghị đã bình xét, suy tôn {n1} đơn vị dẫn đầu phong trào thi đua để đề nghị Bộ trưởng tặng "
            "Cờ "
            "thi đua.",
            "Trưởng Cụm thi đua năm {year1} được giao cho Sở Thông tin và Truyền thông tỉnh bạn.",
            "Phong trào thi đua đã tạo khí thế sôi nổi, động viên cán bộ, công chức, viên chức hoàn thành "
            "tốt "
            "nhiệm vụ chuyên môn.",
            "Nhiều sáng kiến, cải tiến được áp dụng hiệu quả, tiết kiệm thời gian và chi phí cho người dân, "
            "doanh nghiệp.",
        ),
        ("Tại hội nghị, các đơn vị đã ký kết giao ước thi đua năm {year1}.",),
        ("Các đơn vị trong Cụm ký kết giao ước thi đua", "Trao Cờ thi đua cho đơn vị dẫn đầu"),
        ("Các Sở trong Cụm thi đua cam kết thực hiện tốt nhiệm vụ, tạo sức lan tỏa trong toàn ngành.",),
        ("Quyết định khen thưởng", "Bản giao ước thi đua năm {year1}"),
    ),
    Topic(
        "phapluat",
        (
            "Sở Thông tin và Truyền thông tổ chức sinh hoạt “Ngày Pháp luật” tháng {month}/{year}",
            "Phổ biến văn bản pháp luật mới về thông tin và truyền thông cho cán bộ, công chức",
            "Hưởng ứng “Ngày Pháp luật nước Cộng hòa xã hội chủ nghĩa Việt Nam” năm {year}",
        ),
        (
            "{daypart} ngày {ev}, Sở Thông tin và Truyền thông tổ chức sinh hoạt “Ngày Pháp luật” định kỳ "
            "tháng {month}/{year} cho toàn thể cán bộ, công chức, viên chức và người lao động.",
            "Nhằm nâng cao ý thức chấp hành pháp luật, ngày {ev}, Sở Thông tin và Truyền thông tổ chức hội "
            "nghị "
            "phổ biến các văn bản quy phạm pháp luật mới thuộc lĩnh vực thông tin và truyền thông.",
        ),
        (
            "Tại buổi sinh hoạt, đại diện Thanh tra Sở đã quán triệt những nội dung cơ bản của Luật Báo "
            "chí, Luật "
            "An toàn thông tin mạng và các nghị định hướng dẫn thi hành.",
            "Cán bộ, công chức được phổ biến quy định về xử phạt vi phạm hành chính trong lĩnh vực bưu "
            "chính, "
            "viễn thông, tần số vô tuyến điện.",
            "Các đại biểu đã trao đổi, thảo luận về những vướng mắc trong thực thi pháp luật về quảng cáo "
            "trên "
            "môi trường mạng.",
            "Việc duy trì “Ngày Pháp luật” góp phần xây dựng thói quen tìm hiểu, chấp hành pháp luật trong "
            "cơ quan.",
            "Sở cũng hướng dẫn việc sử dụng mạng xã hội đúng quy định, không chia sẻ thông tin sai sự thật.",
            "Hình thức tổ chức được đổi mới, kết hợp trực tiếp và trực tuyến qua hệ thống hội nghị truyền "
            "hình.",
        ),
        ("Buổi sinh hoạt kết thúc với phần giải đáp tình huống pháp luật thực tế.",),
        ("Đại diện Thanh tra Sở phổ biến văn bản pháp luật mới",),
        (
            "Cán bộ, công chức được phổ biến các văn bản quy phạm pháp luật mới thuộc lĩnh vực thông tin và "
            "truyền thông.",
        ),
        ("Đề cương giới thiệu văn bản pháp luật mới",),
    ),
    Topic(
        "kiemtra",
        (
            "Kiểm tra hoạt động bưu chính, viễn thông trên địa bàn huyện",
            "Đoàn kiểm tra liên ngành kiểm tra việc chấp hành pháp luật về thông tin thuê bao di động",
            "Kiểm tra công tác bảo đảm chất lượng dịch vụ viễn thông quý {quarter}/{year}",
        ),
        (
            "Từ ngày {ev} đến nay, Đoàn kiểm tra của Sở Thông tin và Truyền thông đã tiến hành kiểm tra "
            "việc chấp "
            "hành pháp luật trong lĩnh vực bưu chính, viễn thông tại {n1} điểm cung cấp dịch vụ.",
            "Ngày {ev}, Thanh tra Sở Thông tin và Truyền thông phối hợp với Công an tỉnh kiểm tra các điểm "
            "giao "
            "dịch, đại lý bán SIM thuê bao di động trên địa bàn {tinh}.",
        ),
        (
            "Qua kiểm tra, đa số các doanh nghiệp chấp hành tốt quy định về quản lý thông tin thuê bao.",
            "Đoàn đã phát hiện {n1} trường hợp vi phạm, lập biên bản và xử phạt hành chính với tổng số tiền "
            "{money} "
            "triệu đồng.",
            "Đoàn kiểm tra yêu cầu các doanh nghiệp chấn chỉnh việc treo cáp viễn thông, bảo đảm mỹ quan đô "
            "thị.",
            "Chất lượng dịch vụ di động 4G tại khu vực trung tâm các huyện đạt và vượt quy chuẩn kỹ thuật "
            "quốc gia.",
            "Một số điểm còn tình trạng kích hoạt sẵn SIM, đăng ký thông tin thuê bao không chính chủ.",
            "Sở sẽ tiếp tục kiểm tra đột xuất các doanh nghiệp có dấu hiệu vi phạm trong thời gian tới.",
        ),
        ("Đợt kiểm tra dự kiến kết thúc trong tháng {month1}.",),
        ("Đoàn kiểm tra làm việc tại điểm giao dịch {telco}",),
        ("Đoàn kiểm tra đã phát hiện và xử lý {n1} trường hợp vi phạm về quản lý thông tin thuê bao.",),
        ("Quyết định thành lập Đoàn kiểm tra",),
    ),
    Topic(
        "ioc",
        (
            "Vận hành thử nghiệm Trung tâm Giám sát, điều hành đô thị thông minh {tinh}",
            "Khai trương Trung tâm điều hành thông minh (IOC) {tinh}",
            "Đưa nền tảng IOC vào phục vụ công tác chỉ đạo, điều hành",
        ),
        (
            "{daypart} ngày {ev}, UBND {tinh} tổ chức lễ khai trương Trung tâm Giám sát, điều hành đô thị "
            "thông minh (IOC). Dự buổi lễ có đồng chí {leader}, {leader_title}.",
            "Ngày {ev}, Sở Thông tin và Truyền thông phối hợp với {telco} đưa vào vận hành thử nghiệm nền "
            "tảng "
            "giám sát, điều hành thông minh của tỉnh.",
        ),
        (
            "Trung tâm IOC tích hợp dữ liệu từ {n1} hệ thống thông tin như phản ánh hiện trường, camera "
            "giám sát, "
            "dịch vụ công trực tuyến và quan trắc môi trường.",
            "Lãnh đạo tỉnh có thể theo dõi các chỉ số kinh tế - xã hội theo thời gian thực trên màn hình "
            "điều hành.",
            "Ứng dụng phản ánh hiện trường đã tiếp nhận {n4} phản ánh của người dân, tỷ lệ xử lý đúng hạn "
            "đạt "
            "{pct2}%.",
            "Việc đưa Trung tâm IOC vào hoạt động là bước đi quan trọng trong lộ trình xây dựng chính quyền "
            "số.",
            "Hệ thống camera giám sát an ninh trật tự được kết nối tại các nút giao thông trọng điểm.",
            "Trong giai đoạn tiếp theo, tỉnh sẽ mở rộng kết nối dữ liệu đến cấp huyện, cấp xã.",
        ),
        ("Đồng chí {leader} đề nghị các sở, ngành khai thác hiệu quả hệ thống, bảo đảm an toàn thông tin.",),
        ("Các đại biểu thực hiện nghi thức khai trương Trung tâm IOC", "Màn hình giám sát tại Trung tâm IOC"),
        ("Trung tâm IOC tích hợp dữ liệu từ {n1} hệ thống, phục vụ chỉ đạo, điều hành theo thời gian thực.",),
        (),
        since=2019,
    ),
    Topic(
        "baochi",
        (
            "Giao ban công tác báo chí tháng {month}/{year}",
            "Gặp mặt, cung cấp thông tin cho các cơ quan báo chí tháng {month}/{year}",
            "Họp báo cung cấp thông tin định kỳ quý {quarter}/{year}",
        ),
        (
            "{daypart} ngày {ev}, Sở Thông tin và Truyền thông phối hợp với Ban Tuyên giáo Tỉnh ủy tổ chức "
            "giao ban "
            "báo chí định kỳ tháng {month}/{year}.",
            "Ngày {ev}, UBND {tinh} tổ chức họp báo cung cấp thông tin về tình hình kinh tế - xã hội quý "
            "{quarter}/{year}. Sở Thông tin và Truyền thông là cơ quan thường trực tổ chức họp báo.",
        ),
        (
            "Tham dự có đại diện {n2} cơ quan báo chí Trung ương thường trú và các cơ quan báo chí địa "
            "phương.",
            "Trong tháng, các cơ quan báo chí đã đăng, phát hơn {n4} tin, bài phản ánh các hoạt động kinh "
            "tế - xã hội "
            "của tỉnh.",
            "Nhiều tác phẩm báo chí có chất lượng, phản ánh kịp thời những điển hình tiên tiến, cách làm "
            "hay.",
            "Đại diện các sở, ngành đã trả lời trực tiếp các câu hỏi của phóng viên về những vấn đề dư luận "
            "quan "
            "tâm.",
            "Công tác định hướng thông tin được thực hiện chặt chẽ, không để xảy ra sai sót về nội dung.",
            "Sở đề nghị các cơ quan báo chí tăng cường thông tin về chuyển đổi số và cải cách hành chính.",
        ),
        ("Buổi họp báo kết thúc lúc 11 giờ cùng ngày.",),
        ("Quang cảnh buổi họp báo", "Phóng viên đặt câu hỏi tại buổi họp báo"),
        ("Các cơ quan báo chí đã đăng, phát hơn {n4} tin, bài về hoạt động kinh tế - xã hội của tỉnh.",),
        ("Thông cáo báo chí",),
    ),
    Topic(
        "truyenthong",
        (
            "Hội thao ngành Thông tin và Truyền thông tỉnh {province} năm {year}",
            "Sở Thông tin và Truyền thông giao lưu thể thao với các doanh nghiệp bưu chính, viễn thông",
            "Tọa đàm ôn lại truyền thống ngành Thông tin và Truyền thông",
        ),
        (
            "{daypart} ngày {ev}, Sở Thông tin và Truyền thông {tinh} tổ chức buổi tọa đàm ôn lại truyền "
            "thống "
            "{n6} năm xây dựng và phát triển của ngành Thông tin và Truyền thông (28/8/1945 - {year}).",
            "Ngày {ev}, Sở Thông tin và Truyền thông phối hợp với các doanh nghiệp bưu chính, viễn thông tổ "
            "chức "
            "giải giao lưu thể thao nhằm tăng cường đoàn kết trong ngành.",
        ),
        (
            "Tại buổi tọa đàm, các đại biểu đã ôn lại truyền thống vẻ vang của ngành qua các thời kỳ.",
            "Giải giao lưu thu hút {n3} vận động viên tham gia ở các môn bóng đá, cầu lông, bóng bàn.",
            "Các thế hệ cán bộ của ngành đã chia sẻ nhiều kỷ niệm sâu sắc trong quá trình công tác.",
            "Ngành Thông tin và Truyền thông tỉnh đã có bước phát triển mạnh mẽ, hạ tầng mạng 4G phủ sóng "
            "toàn bộ "
            "các xã.",
            "Đồng chí {leader} mong muốn cán bộ trẻ tiếp tục phát huy truyền thống, đoàn kết, sáng tạo.",
            "Hoạt động góp phần tăng cường tinh thần đoàn kết, gắn bó giữa các đơn vị trong ngành.",
        ),
        ("Kết thúc giải, Ban tổ chức đã trao giải cho các đội và vận động viên đạt thành tích cao.",),
        ("Các đại biểu chụp ảnh lưu niệm", "Trận chung kết môn bóng đá nam"),
        (
            "Ngành Thông tin và Truyền thông tỉnh ôn lại truyền thống, tiếp tục phát huy vai trò trong "
            "chuyển "
            "đổi số.",
        ),
        (),
    ),
    Topic(
        "doanthe",
        (
            "Chi đoàn Sở Thông tin và Truyền thông ra quân tình nguyện “Tuổi trẻ chung tay chuyển đổi số” "
            "năm {year}",
            "Công đoàn Sở Thông tin và Truyền thông thăm, tặng quà gia đình chính sách",
            "Chi đoàn Sở tham gia xây dựng nông thôn mới tại xã vùng khó khăn",
        ),
        (
            "{daypart} ngày {ev}, Chi đoàn Sở Thông tin và Truyền thông phối hợp với Đoàn xã tổ chức ra "
            "quân tình "
            "nguyện với chủ đề “Tuổi trẻ tiên phong chuyển đổi số”.",
            "Ngày {ev}, Công đoàn Sở Thông tin và Truyền thông đã đến thăm, tặng quà các gia đình chính "
            "sách, hộ "
            "nghèo trên địa bàn {tinh}.",
        ),
        (
            "Đoàn viên thanh niên đã hướng dẫn người dân cài đặt ứng dụng, tạo tài khoản thanh toán điện tử.",
            "Chương trình đã trao tặng {n1} suất quà, mỗi suất trị giá 500.000 đồng.",
            "Các đoàn viên tham gia dọn vệ sinh môi trường, phát quang đường làng, ngõ xóm.",
            "Hoạt động thể hiện đạo lý “Uống nước nhớ nguồn” của dân tộc Việt Nam.",
            "Chi đoàn trao tặng {n2} bộ máy tính cho điểm trường tiểu học của xã.",
            "Đây là hoạt động thường niên, thiết thực của cán bộ, đoàn viên Sở Thông tin và Truyền thông.",
        ),
        ("Chương trình nhận được sự hưởng ứng nhiệt tình của người dân địa phương.",),
        ("Đoàn viên hướng dẫn người dân cài đặt ứng dụng", "Trao quà cho các gia đình chính sách"),
        ("Đoàn viên thanh niên hướng dẫn người dân sử dụng các nền tảng số.",),
        (),
    ),
    Topic(
        "hatang",
        (
            "Làm việc với các doanh nghiệp viễn thông về phát triển hạ tầng mạng 5G",
            "Sở Thông tin và Truyền thông làm việc với {telco} về phổ cập điện thoại thông minh",
            "Đẩy nhanh tiến độ xóa vùng lõm sóng di động tại các thôn, bản",
        ),
        (
            "{daypart} ngày {ev}, đồng chí {leader}, {leader_title} chủ trì buổi làm việc với {telco} và "
            "các doanh "
            "nghiệp viễn thông về kế hoạch phát triển hạ tầng năm {year}.",
            "Ngày {ev}, Sở Thông tin và Truyền thông tổ chức buổi làm việc với các doanh nghiệp viễn thông "
            "để rà "
            "soát tiến độ xóa vùng lõm sóng trên địa bàn {tinh}.",
        ),
        (
            "Toàn tỉnh hiện có {n4} trạm thu phát sóng di động, trong đó {n1} trạm 5G đã được lắp đặt.",
            "Vẫn còn {n2} thôn, bản chưa có sóng di động ổn định, chủ yếu tại các xã miền núi.",
            "Các doanh nghiệp cam kết hoàn thành phủ sóng các thôn lõm sóng trước tháng 12/{year}.",
            "Sở đề nghị doanh nghiệp chia sẻ hạ tầng cột ăng-ten để tiết kiệm chi phí đầu tư.",
            "Chương trình hỗ trợ điện thoại thông minh cho hộ nghèo, hộ cận nghèo được triển khai tại {n1} "
            "xã.",
            "Việc ngầm hóa mạng cáp viễn thông tại khu vực trung tâm được thực hiện đồng bộ với chỉnh trang "
            "đô thị.",
        ),
        ("Sở sẽ tổng hợp kiến nghị của doanh nghiệp, báo cáo UBND tỉnh xem xét, giải quyết.",),
        ("Toàn cảnh buổi làm việc", "Đại diện {telco} báo cáo tiến độ phát triển hạ tầng"),
        ("Toàn tỉnh có {n4} trạm thu phát sóng; mục tiêu xóa vùng lõm sóng trong năm {year}.",),
        ("Danh sách thôn, bản lõm sóng", "Kế hoạch phát triển hạ tầng viễn thông"),
        since=2020,
    ),
)

#: Sentences any story may borrow, so bodies differ even within one topic.
GENERIC: tuple[str, ...] = (
    "Thời gian tới, Sở tiếp tục tham mưu UBND tỉnh triển khai hiệu quả Chương trình chuyển đổi số quốc gia "
    "trên địa bàn.",
    "Hoạt động nằm trong kế hoạch công tác năm {year} của Sở Thông tin và Truyền thông.",
    "Các đại biểu đánh giá cao sự phối hợp chặt chẽ giữa Sở với các địa phương và doanh nghiệp.",
    "Lãnh đạo Sở đề nghị các phòng chuyên môn tổng hợp ý kiến, hoàn thiện dự thảo trước ngày 25/{month1}.",
    "Công tác cải cách hành chính gắn với ứng dụng công nghệ thông tin tiếp tục được đẩy mạnh.",
    "Chỉ số chuyển đổi số cấp tỉnh (DTI) năm {year} của tỉnh tăng {n5} bậc so với năm trước.",
    "Tỷ lệ văn bản điện tử trao đổi giữa các cơ quan nhà nước đạt {pct2}%, trừ văn bản mật.",
    "Hệ thống hội nghị truyền hình trực tuyến đã được kết nối thông suốt đến {n1} xã, phường, thị trấn.",
    "Nền tảng tích hợp, chia sẻ dữ liệu của tỉnh (LGSP) đã kết nối với Nền tảng quốc gia (NDXP).",
    "Các doanh nghiệp bưu chính đã tham gia tiếp nhận, trả kết quả giải quyết thủ tục hành chính qua dịch "
    "vụ bưu chính công ích.",
    "Cổng thông tin điện tử tỉnh đã đăng tải hơn {n4} tin, bài, thu hút hàng triệu lượt truy cập.",
    "Việc ứng dụng chữ ký số trong xử lý văn bản được triển khai đến 100% các cơ quan hành chính cấp tỉnh.",
    "Sở đã phối hợp với các cơ quan báo chí đăng tải nhiều chuyên trang, chuyên mục về chuyển đổi số.",
    "Nhiều địa phương đã chủ động triển khai mô hình “Chợ 4.0”, thanh toán không dùng tiền mặt.",
    "Thông qua hoạt động này, nhận thức của cán bộ, công chức về vai trò của chuyển đổi số được nâng lên.",
    "Đại diện các đơn vị đã phát biểu, đóng góp nhiều ý kiến tâm huyết, sát với thực tiễn.",
    "Hệ thống phản ánh, kiến nghị của người dân được duy trì, tiếp nhận và xử lý kịp thời.",
    "Ngành tiếp tục phối hợp thực hiện tốt công tác thông tin đối ngoại và thông tin cơ sở.",
    "Toàn bộ tài liệu của hội nghị được gửi tới đại biểu qua hệ thống quản lý văn bản và điều hành.",
    "Đến nay, 100% cán bộ, công chức cấp tỉnh, cấp huyện được cấp hộp thư điện tử công vụ.",
    "Kinh phí thực hiện được bố trí từ nguồn ngân sách tỉnh năm {year}.",
    "Các nội dung được đánh giá sát với tình hình thực tiễn, có tính khả thi cao.",
    "Sở sẽ tổng hợp, báo cáo kết quả về Bộ Thông tin và Truyền thông theo quy định.",
    "Trong quý {quarter}, toàn ngành đã hoàn thành {pct}% kế hoạch năm.",
)

_MODERN = re.compile(r"chuyển đổi số|DTI|NDXP|Chợ 4\.0|VNeID|Đề án 06", re.IGNORECASE)


def _old_words(text: str) -> str:
    """Before 2020 the same work was called 'ứng dụng công nghệ thông tin'."""
    return text.replace("chuyển đổi số", "ứng dụng công nghệ thông tin").replace(
        "Chuyển đổi số", "Ứng dụng công nghệ thông tin"
    )


_GENERIC_OLD = tuple(g for g in GENERIC if not _MODERN.search(g))


_ROMANS = ("III", "IV", "V", "VI", "VII", "VIII", "IX", "X")

# --- tone placement ------------------------------------------------------------------------------------

_OLD_TO_NEW = {
    "òa": "oà",
    "óa": "oá",
    "ỏa": "oả",
    "õa": "oã",
    "ọa": "oạ",
    "òe": "oè",
    "óe": "oé",
    "ỏe": "oẻ",
    "õe": "oẽ",
    "ọe": "oẹ",
    "ùy": "uỳ",
    "úy": "uý",
    "ủy": "uỷ",
    "ũy": "uỹ",
    "ụy": "uỵ",
    "Òa": "Oà",
    "Óa": "Oá",
    "Ọa": "Oạ",
    "Ùy": "Uỳ",
    "Úy": "Uý",
    "Ủy": "Uỷ",
}
_OLD_RE = re.compile("(" + "|".join(_OLD_TO_NEW) + r")(?![^\W\d_])")


def tone_style(text: str, style: str) -> str:
    """Rewrite open oa/oe/uy syllables to the 'new' tone placement when ``style == "new"``."""
    if style != "new":
        return text
    return _OLD_RE.sub(lambda m: _OLD_TO_NEW[m.group(1)], text)


# --- slugs -----------------------------------------------------------------------------------------------


def ascii_fold(text: str) -> str:
    """Drop Vietnamese diacritics (đ → d) the way CMS slug generators do."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def slugify(text: str, *, keep_case: bool = False, max_len: int = 0) -> str:
    """ascii slug: words joined by '-' (lower-case unless keep_case), cut at max_len characters."""
    folded = ascii_fold(text)
    words = re.findall(r"[A-Za-z0-9]+", folded)
    slug = "-".join(words if keep_case else (w.lower() for w in words))
    return slug[:max_len].rstrip("-") if max_len else slug


# --- stories ---------------------------------------------------------------------------------------------


@dataclass
class Story:
    """One article's words, independent of any CMS: the family decides the markup and what is shown."""

    topic: str
    title: str
    sapo: str
    paragraphs: list[str]
    captions: list[str]
    documents: list[str]
    byline: tuple[str, str] | None  # (as printed, name)
    event_day: datetime
    style: str  # "old" / "new" / "mixed" tone placement
    extras: dict[str, str] = field(default_factory=dict)


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_HO)} {rng.choice(_DEM)} {rng.choice(_TEN)}"


def _slots(rng: random.Random, published: datetime, province: str) -> tuple[dict[str, object], datetime]:
    ev = published - timedelta(days=rng.choice((0, 0, 1, 1, 2)))
    ev2 = ev - timedelta(days=1)
    year = ev.year
    slots: dict[str, object] = {
        "province": province,
        "tinh": province if province.startswith(("tỉnh", "thành phố")) else f"tỉnh {province}",
        "year": year,
        "year1": year + 1,
        "ylast": year - 1 if ev.month <= 6 else year,
        "ynext": year if ev.month <= 6 else year + 1,
        "term": year + 5,
        "term1": year + 2,
        "month": ev.month,
        "month1": ev.month % 12 + 1,
        "mprev": (ev.month - 2) % 12 + 1,
        "quarter": (ev.month - 1) // 3 + 1,
        "ev": f"{ev.day}/{ev.month}/{ev.year}"
        if rng.random() < 0.6
        else f"{ev.day:02d}/{ev.month:02d}/{ev.year}",
        "evs": f"{ev.day}/{ev.month}",
        "ev2": f"{ev2.day} và {ev.day}/{ev.month}/{ev.year}"
        if ev2.month == ev.month
        else f"{ev2.day}/{ev2.month} và {ev.day}/{ev.month}/{ev.year}",
        "daypart": rng.choice(_DAYPARTS),
        "leader": _person(rng),
        "leader2": _person(rng),
        "leader_title": rng.choice(_LEADER_TITLES),
        "unit": rng.choice(_UNITS),
        "telco": rng.choice(_TELCOS),
        "n1": rng.randint(3, 160),
        "n2": rng.randint(5, 40),
        "n3": rng.randint(60, 400),
        "n4": f"{rng.randint(1, 48)}.{rng.randint(0, 999):03d}",
        "n5": rng.randint(1, 9),
        "n6": year - 1945,
        "pct": f"{rng.randint(3, 25)},{rng.randint(1, 9)}",
        "pct2": f"{rng.randint(62, 99)},{rng.randint(1, 9)}",
        "money": f"{rng.randint(120, 2900)},{rng.randint(1, 9)}",
        "roman": rng.choice(_ROMANS),
    }
    return slots, ev


def title_key(title: str) -> str:
    """Titles that differ only in tone placement are the same title."""
    return tone_style(title, "new")


def make_story(
    rng: random.Random, published: datetime, province: str, taken: set[str] | None = None
) -> Story:
    """Write one activity-news story published on ``published`` (event on the same day or just before).

    ``taken`` holds title keys already used on the site: a fresh title is drawn (a few tries) and added.
    """
    old = published.year < 2020  # before the national programme, the same work was called IT application
    topics = [t for t in TOPICS if t.since <= published.year]
    for _ in range(30):
        topic = rng.choice(topics)
        slots, ev = _slots(rng, published, province)
        title = rng.choice(topic.titles).format(**slots)
        title = _old_words(title) if old else title
        if taken is None or title_key(title) not in taken:
            break
    if taken is not None:
        taken.add(title_key(title))

    def fill(template: str) -> str:
        text = template.format(**slots)
        return _old_words(text) if old else text

    style = rng.choices(("old", "new", "mixed"), weights=(5, 3, 2))[0]
    body_pool = list(topic.body)
    rng.shuffle(body_pool)
    generic = list(_GENERIC_OLD if old else GENERIC)
    rng.shuffle(generic)
    n_paras = rng.randint(2, 5)  # + lead + maybe closing = 3..7
    paragraphs = [fill(rng.choice(topic.leads))]
    # At most a few of the topic's sentences per story, the rest from the shared pool: two stories of
    # one topic then share little (syllable 3-gram Jaccard well under 0.5).
    topic_left = rng.randint(2, 4)
    for _ in range(n_paras):
        sentences = []
        for _ in range(rng.randint(1, 2)):
            if topic_left and body_pool:
                sentences.append(body_pool.pop())
                topic_left -= 1
            else:
                sentences.append(generic.pop())
        if rng.random() < 0.3:
            sentences.insert(rng.randint(0, len(sentences)), generic.pop())
        paragraphs.append(" ".join(fill(s) for s in sentences))
    if rng.random() < 0.5:
        paragraphs.append(fill(rng.choice(topic.closing)))
    if style == "new":
        paragraphs = [tone_style(p, "new") for p in paragraphs]
        title = tone_style(title, "new")
    elif style == "mixed":
        paragraphs = [tone_style(p, "new") if i % 2 else p for i, p in enumerate(paragraphs)]
    captions = [fill(c) for c in topic.captions]
    rng.shuffle(captions)
    documents = [fill(d) for d in topic.documents]
    byline = rng.choice(BYLINES) if rng.random() < 0.8 else None
    return Story(
        topic=topic.key,
        title=title,
        sapo=tone_style(fill(rng.choice(topic.sapo)), "new" if style == "new" else "old"),
        paragraphs=paragraphs,
        captions=captions,
        documents=documents,
        byline=byline,
        event_day=ev,
        style=style,
    )


def person(rng: random.Random) -> str:
    """A plausible (invented) Vietnamese full name."""
    return _person(rng)
